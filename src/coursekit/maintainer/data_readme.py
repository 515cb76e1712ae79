"""Generate data/README.md from data/datapackage.json and data/sources.csv.

Why generated: the README is what a maintainer and a curious learner read, and the descriptor is
what the code enforces; generating one from the other means they cannot disagree.

    python -m coursekit.maintainer.data_readme           # write data/README.md
    python -m coursekit.maintainer.data_readme --check   # exit 1 if it is stale
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from coursekit.data import data_dir, load_descriptor, load_sources

MAINTAINER_GUIDE = """\
## Sourcing rules
- Prefer the figure's own publisher (customs office, SIPRI, USGS, IEA, a ministry, NATO, the EU). When only a
  report of it can be found, cite the report (`kind` = secondary) and say whose figure it is in `note`.
- Figures announced by any party (exercise sizes, casualty counts) have `status` = claimed and name the claimant.
- Never cited: disinformation networks (e.g. the "Pravda" network at news-pravda.com), content farms and
  AI-written aggregators, mirrors, proxies and staging copies, document dumps, Wikipedia (cite its source).
  `tests/test_datapackage.py` blocks the known ones. One exception: when a publisher's database cannot be
  reached here but a third party has published a dated export of it, that export may be cited as a lead only:
  `kind` secondary, the note saying "unverified copy", its date, and that the figure awaits a check against the
  publisher's own download (today: SIPRI's trade register, lesson 05).
- Where sources disagree, keep both (two rows or `low`/`high`) and say so in `note`. Never average them.

## Labelling sources: one rule for every side
- `kind`: a body's own statement or data on its own site is **primary** (NATO.int, a defense.gov release,
  mod.gov.cn, mil.ru, kremlin.ru, fmprc.gov.cn, a customs office, SIPRI, USGS), and so is its own text in a
  section of an outlet it uses as its site (China's defence ministry's press-conference transcripts on China
  Military Online; a copy elsewhere is not). Any outlet *reporting* it is **secondary**, official and state
  outlets included (China Military Online's own stories, DOD News, TASS, Xinhua, VOA).
  An analyst's own estimate or judgement is **analysis**.
- `state_link` names the state tie of the outlet that hosts the page and, when the page carries another
  outlet's text (a wire credited in the publisher's brackets, or "republishing ..."), of that outlet too,
  joined by "; " (e.g. `China: official; China: owned` for Xinhua text on China Military Online). "Citing X"
  means the host wrote its own report of X's report: no label for X, but the note names X and its tie.
  Ask these questions in order; the first "yes" gives the tie, so an outlet never has two:
  1. **official**: does the outlet belong to a body whose main job is not news (a ministry, an armed force, a
     central bank, a state research body, a parliament's commission, an intergovernmental body) as its
     newspaper, news service, information office or digest? (DOD News, Stars and Stripes, China Military
     Online/PLA Daily, Korea Defense Daily, EUvsDisinfo, China's State Council Information Office, BOFIT.)
  2. **public**: is it a news organisation that the state owns, or that a law set up as a public body, where
     (a) a law guarantees its editorial independence from the government and (b) its head is chosen by a
     board or council that parliament elects or approves, or that several bodies name, not by the government
     alone or by one official? (Yle, ERR, SVT, NHK, KBS, Yonhap, AFP, Deutsche Welle, SRG SSR/Swissinfo.)
  3. **owned**: is it any other news organisation that a state, a ruling party, a state agency or a
     state-owned company owns, founded or runs? (TASS, RIA/Sputnik, RT, Xinhua, People's Daily, Global Times,
     CGTN, KCNA, Voice of America, Taiwan's CNA, Ukrinform, TRT, Anadolu, IRNA, Mediacorp's CNA, Lenta.ru; TVP
     while a minister's liquidator runs it.) A law that protects the newsroom is not enough without (b):
     VOA's Charter protects its news, but its director is named by the US Agency for Global Media's single,
     presidentially appointed chief executive; Taiwan's CNA has a board all named by the Premier.
  4. **funded**: is it privately incorporated (not state-owned) but financed mainly from a state budget?
     (RFA, RFE/RL: private non-profits on US government grants.)
  5. **aligned**: is it privately owned and financed, with an owner documented as acting for the government
     or a state organ? (Daily Sabah and A News, Hurriyet, Tasnim, Izvestia, Magyar Nemzet, Mail.ru.)
  Independent outlets and primary rows stay empty. The tie records structure (who owns it, who pays, what
  the law says, who names the head), checkable in public records, not how well the outlet performs: reported
  interference or independence in practice goes in `note`.
- Notes name the tie in words: "state media" (owned), "state-funded media", "state-aligned media",
  "official outlet" or "public broadcaster". State and official outlets are cited for their own side's
  statements; a figure they relay from elsewhere says whose it is.
- A relay (wire text on a third site, an aggregator, a reprint, a press-release distributor) says
  "relay of <original>" in its note; replace it with the original publisher when that is found.
- `tests/test_datapackage.py` holds the table of outlets (`HOST_LABELS`, `TEXT_LABELS`, `RELAY_HOSTS`) and
  checks every row against it, alike for every state; add a new outlet there with its label.

## Updating the data (for maintainers)
1. Find the new figure in a source you can cite (prefer the primary publisher: customs office, SIPRI, USGS,
   IEA, a ministry). Never type a number you did not read in a source.
2. Add the source to `sources.csv` (a new `source_id`, publisher, title, url, published, accessed, kind,
   state_link by the rule above).
3. Add or edit the row in the data set's CSV, with its `source_id` and, if needed, a `note`
   (disagreements, claims, how a value was derived). Keep units as the column name says.
4. If the data set gains a source, add it to the resource's `sources` in `datapackage.json`; if a column
   changes, update its `schema`.
5. Run `python -m coursekit.maintainer.data_readme` to regenerate this file, then `make test`. Data validation tests
   check types, ranges, keys, sources and totals.
6. Figures that lessons show are stored in checked cells: if a lesson's number changed on purpose, run
   `make refresh-outputs`, review the notebook diff, and update the lesson's "as of" date and text.
"""


_ABBREVIATIONS = ("incl", "e.g", "i.e", "etc", "vs", "no", "approx", "cf")


def first_sentence(text: str) -> str:
    """The description's first sentence, not fooled by abbreviations such as "incl." or "e.g."."""
    text = text.strip()
    for match in re.finditer(r"\.\s+(?=[A-Z(])", text):
        if not text[: match.start()].lower().endswith(_ABBREVIATIONS):
            return text[: match.start()]
    return text.rstrip(".")


def render(directory: Path | None = None) -> str:
    descriptor = load_descriptor(directory)
    sources = load_sources(directory).set_index("source_id")
    licence = descriptor.get("licenses", [{}])[0]
    lines = [
        "# Data: the course's evidence base",
        "",
        "<!-- Generated by `python -m coursekit.maintainer.data_readme` from datapackage.json and sources.csv. Do not edit. -->",
        "",
        descriptor.get("description", ""),
        "",
        f"- Version: {descriptor.get('version', '?')}, compiled {str(descriptor.get('created', '?'))[:10]}.",
        f"- Licence of the compilation: {licence.get('title', licence.get('name', '?'))}. "
        "Figures belong to their sources; cite them, not this course.",
        f"- {len(descriptor['resources'])} data sets, {len(sources)} sources. "
        "Every row has a `source_id` that resolves in `sources.csv`.",
        "",
        "| Data set | File | What one row is |",
        "|---|---|---|",
    ]
    for resource in descriptor["resources"]:
        summary = first_sentence(resource.get("description", ""))
        lines.append(f"| {resource.get('title', resource['name'])} (`{resource['name']}`) | "
                     f"[`{resource['path']}`]({resource['path']}) | {summary}. |")
    lines += ["", MAINTAINER_GUIDE]
    for resource in descriptor["resources"]:
        lines += [f"## {resource.get('title', resource['name'])} (`{resource['name']}`)", "",
                  resource.get("description", ""), ""]
        fields = resource.get("schema", {}).get("fields", [])
        lines += ["| Column | Type | Unit | Meaning |", "|---|---|---|---|"]
        for field in fields:
            meaning = field.get("description", "").replace("|", "/").replace("\n", " ")
            lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | {field.get('unit', '')} | {meaning} |")
        key = resource.get("schema", {}).get("primaryKey")
        if key:
            lines += ["", f"Key: {', '.join(f'`{k}`' for k in ([key] if isinstance(key, str) else key))}."]
        if resource.get("caveats"):
            lines += ["", f"**Caveats.** {resource['caveats']}"]
        if resource.get("processing"):
            lines += ["", f"**What we did.** {resource['processing']}"]
        ids = [s["source_id"] for s in resource.get("sources", [])]
        if ids:
            lines += ["", "**Sources.**"]
            for source_id in ids:
                row = sources.loc[source_id]
                url = row["url"] if isinstance(row["url"], str) else ""
                title = f"[{row['title']}]({url})" if url else str(row["title"])
                published = row["published"] if isinstance(row["published"], str) else "n.d."
                lines.append(f"- `{source_id}`: {row['publisher']}, {title} ({published}; {row['kind']}).")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="data/README.md from datapackage.json")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    path = data_dir() / "README.md"
    wanted = render()
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != wanted:
            print("data/README.md is stale: run `python -m coursekit.maintainer.data_readme`.")
            return 1
        print("data/README.md is current.")
        return 0
    if current != wanted:
        path.write_text(wanted, encoding="utf-8")
        print("wrote data/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

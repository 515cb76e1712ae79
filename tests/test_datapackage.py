"""The evidence base: every data set validates, every figure traces to a source, totals add up."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from coursekit import data, verdicts
from coursekit import banks
from coursekit.maintainer import data_readme
from coursekit.errors import DataError

DESCRIPTOR = data.load_descriptor()
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]
DATA_SETS = [name for name in RESOURCES if name != "sources"]
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def fields_of(name: str) -> list[dict]:
    return data.describe(name).fields


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_validates_against_its_schema(name):
    frame = data.load(name)
    assert not frame.empty, f"{name} has no rows"


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_declares_key_title_and_description(name):
    resource = data.describe(name)
    assert resource.primary_key, f"{name}: declare a primaryKey so duplicates are caught"
    assert resource.title and resource.description


@pytest.mark.parametrize("name", DATA_SETS)
def test_every_numeric_field_has_a_unit(name):
    missing = [f["name"] for f in fields_of(name) if f.get("type") in ("number", "integer")
               and "unit" not in f and f["name"] not in ("year", "sequence")]
    assert not missing, f"{name}: give these fields a unit: {missing}"


@pytest.mark.parametrize("name", DATA_SETS)
def test_every_row_cites_a_source_that_resolves(name):
    known = set(data.load_sources()["source_id"])
    frame = data.load(name)
    assert "source_id" in frame.columns, f"{name} has no source_id column"
    listed = set(data.describe(name).source_ids)
    for line, cell in zip(range(2, len(frame) + 2), frame["source_id"]):
        ids = data.source_ids(cell)
        assert ids, f"{name}.csv line {line}: empty source_id"
        unknown = [i for i in ids if i not in known]
        assert not unknown, f"{name}.csv line {line}: source_id {unknown} is not in sources.csv"
        unlisted = [i for i in ids if i not in listed]
        assert not unlisted, f"{name}: add {unlisted} to the resource's sources in datapackage.json"


def test_resource_source_lists_resolve():
    known = set(data.load_sources()["source_id"])
    for name in DATA_SETS:
        assert set(data.describe(name).source_ids) <= known, name


def test_source_urls_are_well_formed():
    sources = data.load_sources()
    for row in sources.itertuples():
        url = urlparse(str(row.url))
        assert url.scheme in ("http", "https") and "." in url.netloc and " " not in str(row.url), \
            f"{row.source_id}: malformed url {row.url!r}"


def test_source_dates_are_real_dates():
    for row in data.load_sources().itertuples():
        if isinstance(row.published, str):
            assert_partial_date(row.published, f"sources.csv {row.source_id}")


def assert_partial_date(text: str, where: str) -> None:
    match = PARTIAL_DATE.match(text)
    assert match, f"{where}: '{text}' is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = match.groups()
    pd.Timestamp(year=int(year), month=int(month or 1), day=int(day or 1))  # raises if impossible
    assert 1945 <= int(year) <= 2026, f"{where}: year {year} out of range"


@pytest.mark.parametrize("name", DATA_SETS)
def test_partial_date_columns_parse(name):
    frame = data.load(name)
    for field in fields_of(name):
        pattern = field.get("constraints", {}).get("pattern", "")
        if field.get("type") == "string" and pattern == PARTIAL_DATE.pattern:
            for value in frame[field["name"]].dropna():
                assert_partial_date(value, f"{name}.{field['name']}")


@pytest.mark.parametrize("name", DATA_SETS)
def test_shares_lie_between_0_and_100(name):
    frame = data.load(name)
    for column in [c for c in frame.columns if c.endswith("_pct")]:
        values = frame[column].dropna()
        if column.startswith("change") or "change" in column or "yoy" in column:
            continue  # a change can be negative or above 100
        assert values.between(0, 100).all(), f"{name}.{column}: {values[~values.between(0, 100)].tolist()}"


@pytest.mark.parametrize("name", DATA_SETS)
def test_ranges_are_ordered(name):
    frame = data.load(name)
    for low in [c for c in frame.columns if c.endswith("low") or c.startswith("low")]:
        high = low.replace("low", "high")
        if high in frame.columns:
            both = frame[[low, high]].dropna()
            assert (both[low] <= both[high]).all(), f"{name}: {low} > {high} in some rows"


@pytest.mark.parametrize("name", DATA_SETS)
def test_coordinates_in_range(name):
    frame = data.load(name)
    if "lat" in frame.columns:
        assert frame["lat"].dropna().between(-90, 90).all()
        assert frame["lon"].dropna().between(-180, 180).all()


def _trade_triples(frame: pd.DataFrame):
    for total in [c for c in frame.columns if c.startswith("total_") and "_usd" in c]:
        unit = total[len("total"):]
        for exports, imports in ((f"china_exports{unit}", f"china_imports{unit}"), (f"exports{unit}", f"imports{unit}")):
            if exports in frame.columns and imports in frame.columns:
                yield total, exports, imports


@pytest.mark.parametrize("name", DATA_SETS)
def test_exports_plus_imports_equal_total(name):
    frame = data.load(name)
    for total, exports, imports in _trade_triples(frame):
        rows = frame.dropna(subset=[total, exports, imports])
        gap = (rows[exports] + rows[imports] - rows[total]).abs()
        # Sources round; a larger gap is allowed only when the note explains the rounding.
        explained = rows["note"].fillna("").str.contains("round", case=False) & (gap <= 0.02 * rows[total])
        bad = rows[(gap > 0.25) & ~explained]
        assert bad.empty, f"{name}: {exports}+{imports} differs from {total} in rows {bad.index.tolist()}"


def test_claims_point_at_real_lessons_and_data_sets():
    claims = data.load("claims")
    lessons = {lesson.number for lesson in banks.lessons()}
    assert set(claims["lesson"]) <= lessons
    assert set(claims["claim_type"]) == {"empirical", "forecast", "value_judgement", "prescription"}
    for cell in claims["datasets"].dropna():
        unknown = [d for d in cell.split(";") if d and d not in RESOURCES]
        assert not unknown, f"claims.datasets names unknown data sets {unknown}"


def test_every_claim_has_an_unattributed_proposition():
    """Learners judge the proposition; an attributed one would ask whether the article said it."""
    assert verdicts.proposition_errors(data.load("claims")) == []


@pytest.mark.parametrize("text, problem", [
    ("", "is empty"),
    ("   ", "is empty"),
    (None, "is empty"),
    ("The article says China buys Russian oil at a discount.", "is attributed"),
    ("According to the author, the drills are theatre.", "is attributed"),
    ("She argues that the two militaries cannot talk.", "is attributed"),
    ("Turner holds that the bloc is a myth.", "is attributed"),
])
def test_an_empty_or_attributed_proposition_is_rejected(text, problem):
    claims = data.load("claims").head(2).astype({"proposition": object})
    claims.loc[claims.index[0], "proposition"] = text
    errors = verdicts.proposition_errors(claims)
    assert len(errors) == 1 and errors[0].startswith(f"{claims['claim_id'].iloc[0]}: the proposition {problem}")


def test_a_claims_table_without_propositions_is_rejected():
    assert verdicts.proposition_errors(data.load("claims").drop(columns="proposition")) == [
        "the claims table has no 'proposition' column"]


def test_data_readme_is_generated_from_the_descriptor():
    assert (data.data_dir() / "README.md").read_text(encoding="utf-8") == data_readme.render(), \
        "data/README.md is stale: run `python -m coursekit.maintainer.data_readme`"


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    on_disk = {p.name for p in data.data_dir().glob("*.csv")}
    assert on_disk == described, f"undescribed: {on_disk - described}; missing: {described - on_disk}"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy, ignore=shutil.ignore_patterns("_staging"))
    return copy


@pytest.mark.parametrize("name", DATA_SETS)
def test_a_corrupted_copy_fails_with_file_and_column_named(data_copy, name):
    """Replace one typed value with text; the loader must name the file and the column."""
    resource = data.describe(name, data_copy)
    frame = pd.read_csv(resource.path, dtype=str, keep_default_na=False)
    typed = [f["name"] for f in resource.fields if f.get("type") in ("number", "integer", "date", "boolean")
             and (frame[f["name"]] != "").any()]
    if typed:
        column = typed[0]
        row = frame.index[frame[column] != ""][0]
        frame.loc[row, column] = "not-a-value"
        expected = rf"{name}.csv, column '{column}'"
    else:
        column = frame.columns[0]
        frame = frame.rename(columns={column: column + "_renamed"})
        expected = rf"{name}.csv: missing column\(s\) '{column}'"
    frame.to_csv(resource.path, index=False)
    with pytest.raises(DataError, match=expected):
        data.load(name, data_copy)


def test_missing_file_in_a_copy_is_reported(data_copy):
    (data_copy / "claims.csv").unlink()
    with pytest.raises(DataError, match="claims.csv is missing"):
        data.load("claims", data_copy)


def test_descriptor_is_valid_json_with_licence():
    raw = json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert raw["licenses"] and raw["resources"]


# Sites that may not be cited for anything: disinformation networks, document dumps, mirrors,
# proxies and staging copies (see data/README.md, "Updating the data").
BLOCKED_DOMAINS = ("news-pravda.com", "pravda.ru", "voltairenet.org", "docslib.org", "studylib.ru",
                   "wikipedia.org", "deepnewz.com",
                   # machine-reworded copies of wire stories (a content farm: cite the wire or a faithful relay)
                   "energynews.oedigital.com",
                   # AI-written aggregators (machine-written summaries, AI 'confidence' scores): cite the originals
                   "theveriwire.com", "rbtfl.xyz", "latesttitles.com")
BLOCKED_HOST_PARTS = ("siteproxy", "staging.", "preview.", "-develop.", "webcache")


def test_no_source_from_a_blocked_site():
    bad = []
    for row in data.load_sources().itertuples():
        host = urlparse(str(row.url)).netloc.lower()
        if host.endswith(BLOCKED_DOMAINS) or any(part in host for part in BLOCKED_HOST_PARTS):
            bad.append(f"{row.source_id}: {row.url}")
    assert not bad, "replace these sources with the original publisher:\n" + "\n".join(bad)


# --- One labelling rule for every side (see data/README.md, "Labelling sources") -----------------------------
# state_link names the tie of the outlet that hosts the page and, when the text is another outlet's (a wire
# credited in brackets or "republishing ..."), that outlet's tie too: '<State>: <tie>[; <State>: <tie>]'.
# Ask the questions in this order; the first "yes" gives the tie, so every outlet gets exactly one:
# official - the outlet belongs to a body whose main job is not news (a ministry, an armed force, a central bank,
#            a state research body, a parliament's commission, an intergovernmental body): its newspaper, news
#            service, information office or digest (DOD News, Stars and Stripes, PLA Daily, Korea Defense Daily,
#            EUvsDisinfo, SCIO, BOFIT). The body's own statement or data on its own site is kind=primary, no label.
# public   - a news organisation that the state owns or that a law set up as a public body, where (a) a law
#            guarantees its editorial independence from the government and (b) its head is chosen by a board or
#            council that parliament elects or approves, or that several bodies name - not the government alone
#            or a single official (Yle, ERR, SVT, NHK, KBS, Yonhap, AFP, DW, SRG SSR/Swissinfo).
# owned    - any other news organisation that a state, a ruling party, a state agency or a state-owned company
#            owns, founded or runs, independence law or not (TASS, RT, Xinhua, CGTN, KCNA, VOA, Taiwan's CNA,
#            Ukrinform, TRT, Anadolu; TVP while a minister's liquidator runs it).
# funded   - a privately incorporated outlet (not state-owned) financed mainly from a state budget (RFA, RFE/RL).
# aligned  - privately owned and financed, but its owner is documented as acting for the government or a state
#            organ (Daily Sabah, Tasnim, Izvestia, Magyar Nemzet).
# The tie describes structure (who owns, who pays, what the law says, who names the head), not how well the
# outlet performs; reported interference goes in the note.
# Keys are host names (a key matches the host and its subdomains) or host/path prefixes.
HOST_LABELS = {
    # Russia
    "tass.com": "Russia: owned", "tass.ru": "Russia: owned", "ria.ru": "Russia: owned",
    "sputniknews.com": "Russia: owned", "sputnikglobe.com": "Russia: owned", "noticiaslatam.lat": "Russia: owned",
    "rt.com": "Russia: owned", "lenta.ru": "Russia: owned", "iz.ru": "Russia: aligned",
    "finance.mail.ru": "Russia: aligned",
    # China
    "news.cn": "China: owned", "xinhuanet.com": "China: owned", "people.cn": "China: owned",
    "globaltimes.cn": "China: owned", "chinadaily.com.cn": "China: owned", "cgtn.com": "China: owned",
    "cctv.com": "China: owned", "cri.cn": "China: owned", "ecns.cn": "China: owned", "china.org.cn": "China: owned",
    "shine.cn": "China: owned", "cls.cn": "China: owned", "chinamil.com.cn": "China: official", "pladaily.com.cn": "China: official",
    "scio.gov.cn": "China: official", "las.ac.cn": "China: official",
    # Koreas, Japan, Taiwan
    "kcna.kp": "North Korea: owned", "kcnawatch.org": "North Korea: owned",
    "yna.co.kr": "South Korea: public", "kbs.co.kr": "South Korea: public",
    "kookbang.dema.mil.kr": "South Korea: official", "nhk.or.jp": "Japan: public", "focustaiwan.tw": "Taiwan: owned",
    # United States and NATO
    "voanews.com": "United States: owned", "rfa.org": "United States: funded", "rferl.org": "United States: funded",
    "defense.gov/News/News-Stories": "United States: official", "space.commerce.gov": "United States: official",
    "uscc.gov": "United States: official", "apps.dtic.mil": "United States: official",
    "stripes.com": "United States: official", "japcc.org": "NATO: official",
    # Europe
    "yle.fi": "Finland: public", "err.ee": "Estonia: public", "svt.se": "Sweden: public", "tvp.info": "Poland: owned",
    "dw.com": "Germany: public", "swissinfo.ch": "Switzerland: public", "bofit.fi": "Finland: official",
    "magyarnemzet.hu": "Hungary: aligned", "ukrinform.net": "Ukraine: owned", "ukrinform.ua": "Ukraine: owned",
    # Türkiye, Iran, others
    "trtworld.com": "Türkiye: owned", "aa.com.tr": "Türkiye: owned", "dailysabah.com": "Türkiye: aligned",
    "anews.com.tr": "Türkiye: aligned", "hurriyetdailynews.com": "Türkiye: aligned",
    "irna.ir": "Iran: owned", "iran-daily.com": "Iran: owned", "mehrnews.com": "Iran: owned",
    "tasnimnews.com": "Iran: aligned", "inform.kz": "Kazakhstan: owned", "gna.org.gh": "Ghana: owned",
    "channelnewsasia.com": "Singapore: owned", "suckhoedoisong.vn": "Vietnam: official",
}
# Another outlet's text on the page: named in the publisher's brackets or after "republishing"; "citing X"
# (the host's own report of X's report) adds nothing. Matched as whole words.
TEXT_LABELS = {
    "TASS": "Russia: owned", "ITAR-TASS": "Russia: owned", "RIA Novosti": "Russia: owned", "Sputnik": "Russia: owned",
    "Xinhua": "China: owned", "People's Daily": "China: owned", "China Daily": "China: owned",
    "PLA Daily": "China: official", "KCNA": "North Korea: owned", "Yonhap": "South Korea: public",
    "Ukrinform": "Ukraine: owned", "Anadolu": "Türkiye: owned", "AMNA": "Greece: owned", "Tasnim": "Iran: aligned",
    "RFA": "United States: funded", "RFE/RL": "United States: funded", "Voice of America": "United States: owned",
    "Global Times": "China: owned", "CLS": "China: owned", "Cailian Press": "China: owned", "RT": "Russia: owned", "Deutsche Welle": "Germany: public", "Yle": "Finland: public",
    "Stars and Stripes": "United States: official",
    "DoD News": "United States: official", "EEAS": "European Union: official",
    "EUvsDisinfo": "European Union: official", "NATO Defense College": "NATO: official", "AFP": "France: public",
}
# Hosts whose pages only relay others' text (aggregators, syndication, reprints, content farms): the note must
# say 'relay of <original>' (and 'original not found' when it was not).
RELAY_HOSTS = (
    "devdiscourse.com", "menafn.com", "nasdaq.com", "brecorder.com", "dunyanews.tv", "swissinfo.ch",
    "gktoday.in", "rawmaterials.net", "chemradar.com", "oodaloop.com", "bignewsnetwork.com", "einpresswire.com",
    "inkl.com", "magzter.com", "urdupoint.com", "afternoonvoice.com", "newsghana.com.gh", "miragenews.com",
    "newszop.com", "marketscreener.com", "news.yahoo.com", "globenewswire.com", "russiachinaforum.com",
    "airfreight.news", "climateimpactcapital.com", "chinapulse.com", "thebricspost.com", "defense-aerospace.com",
    "artsakhpress.am", "news.am", "marxists.org", "slconcordtimes.com", "cambodiatribune.com", "republicofmining.com",
    "greekcitytimes.com",
)
# Bodies that are not news media: their label needs no 'state media' in the note.
NOT_MEDIA_HOSTS = ("uscc.gov", "apps.dtic.mil", "space.commerce.gov", "scio.gov.cn", "bofit.fi", "css.ethz.ch",
                   "japcc.org", "las.ac.cn")


WIRES = ("Reuters", "AP", "Associated Press", "AFP", "Bloomberg", "Kyodo", "Kyodo News", "Jiji Press", "PTI", "IANS",
         "CNN", "AAP", "dpa-AFX", "NTB", "STT", "BNS", "LETA", "Yomiuri Shimbun", "CLS")
# A credit naming the site's own organisation is not a relay.
SAME_ORG = {"PLA Daily": ("chinamil.com.cn", "pladaily.com.cn"), "Yomiuri Shimbun": ("yomiuri.co.jp",),
            "Kyodo": ("kyodonews.net",), "Yonhap": ("yna.co.kr",), "Deutsche Welle": ("dw.com",), "Yle": ("yle.fi",),
            "RT": ("rt.com",), "Global Times": ("globaltimes.cn",), "Stars and Stripes": ("stripes.com",)}


def host_path(url):
    parsed = urlparse(str(url))
    host = parsed.netloc.lower().split(":")[0]
    return host, parsed.path


def host_label(url, table):
    host, path = host_path(url)
    for key, label in table.items():
        key_host, _, key_path = key.partition("/")
        if (host == key_host or host.endswith("." + key_host)) and path.startswith("/" + key_path if key_path else ""):
            return label
    return ""


def credited_texts(publisher):
    """Outlets whose text the page carries: bracketed credits and 'republishing X', never 'citing X'."""
    parts = [sub for part in re.findall(r"\(([^)]*)\)", publisher) for sub in part.split(";")]
    parts += re.findall(r"republishing ([^,;)]*)", publisher)
    kept = []
    for part in parts:
        part = re.split(r"\b(?:citing|summarising|reporting)\b", part)[0].strip()
        if part and not part.lower().startswith("republishing"):
            kept.append(part)
    return kept


def text_labels(publisher, table):
    labels = []
    for part in credited_texts(publisher):
        for name, label in table.items():
            if label and re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", part) and label not in labels:
                labels.append(label)
    return labels


def expected_state_link(row, hosts=HOST_LABELS, texts=TEXT_LABELS):
    if row["kind"] == "primary":
        return ""
    labels = [l for l in [host_label(row["url"], hosts)] if l]
    for label in text_labels(row["publisher"], texts):
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def relay_of(row, relay_hosts=RELAY_HOSTS, texts=TEXT_LABELS):
    """The original(s) a relay carries, or None when the row is not a relay."""
    host, _ = host_path(row["url"])
    credits = [p for p in credited_texts(row["publisher"])]
    names = []
    for part in credits:
        if part.lower().startswith("via "):
            names.append(publisher_main(row["publisher"]))
        for n in list(WIRES) + list(texts):
            own = any(host == h or host.endswith("." + h) for h in SAME_ORG.get(n, ()))
            if re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", part) and n not in names and not own:
                names.append(n)
    names = [n for n in names if not any(n != m and n in m for m in names)]
    if "republishing" in row["publisher"] and not names:
        names += [p.strip() for p in re.findall(r"republishing ([^,;)]*)", row["publisher"])]
    on_relay_host = any(host == h or host.endswith("." + h) for h in relay_hosts)
    if names or on_relay_host:
        return names
    return None


def publisher_main(publisher):
    return publisher.split("(")[0].strip().rstrip(",")


def _source_rows() -> list[dict]:
    return data.load_sources().fillna("").to_dict("records")


def _on(host: str, keys) -> bool:
    return any(host == key or host.endswith("." + key) for key in keys)


def test_state_links_follow_the_one_rule():
    """Every outlet in the tables carries its label, whichever side it is on; primary sources carry none."""
    wrong = []
    for row in _source_rows():
        expected = expected_state_link(row)
        listed = host_label(row["url"], HOST_LABELS) or text_labels(row["publisher"], TEXT_LABELS)
        if (listed or row["kind"] == "primary") and row["state_link"] != expected:
            wrong.append(f"{row['source_id']} ({row['publisher']}): {row['state_link']!r}, expected {expected!r}")
    assert not wrong, "label these rows by the rule in data/README.md:\n" + "\n".join(wrong)


def test_state_links_are_consistent_per_publisher_and_host():
    by_publisher, by_host = {}, {}
    for row in _source_rows():
        by_publisher.setdefault(row["publisher"], set()).add(row["state_link"])
        host_part = row["state_link"].split("; ")[0] if host_label(row["url"], HOST_LABELS) else None
        if row["kind"] != "primary" and host_part is not None:
            by_host.setdefault(host_path(row["url"])[0], set()).add(host_part)
    mixed = {k: v for k, v in {**by_publisher, **by_host}.items() if len(v) > 1}
    assert not mixed, f"one publisher or host, several labels: {mixed}"


@pytest.mark.parametrize("row, expected", [
    ({"kind": "secondary", "url": "https://tass.com/x", "publisher": "TASS"}, "Russia: owned"),
    ({"kind": "secondary", "url": "https://eng.chinamil.com.cn/x", "publisher": "China Military Online (Xinhua)"},
     "China: official; China: owned"),
    ({"kind": "secondary", "url": "https://www.defense.gov/News/News-Stories/x", "publisher": "DOD News"},
     "United States: official"),
    ({"kind": "primary", "url": "https://www.defense.gov/News/Releases/x", "publisher": "US Department of Defense"},
     ""),
    ({"kind": "primary", "url": "https://www.nato.int/x", "publisher": "NATO"}, ""),
    ({"kind": "secondary", "url": "https://world.kbs.co.kr/x", "publisher": "KBS World (Yonhap)"},
     "South Korea: public"),
    ({"kind": "secondary", "url": "https://example.com/x", "publisher": "Example (citing TASS)"}, ""),
    ({"kind": "secondary", "url": "https://example.com/x", "publisher": "Example (republishing Sputnik text)"},
     "Russia: owned"),
    # the contested cases: each answers the questions in the same order
    ({"kind": "secondary", "url": "https://www.voanews.com/a/x", "publisher": "Voice of America"}, "United States: owned"),
    ({"kind": "secondary", "url": "https://www.rt.com/x", "publisher": "RT"}, "Russia: owned"),
    ({"kind": "secondary", "url": "https://www.dw.com/en/x", "publisher": "Deutsche Welle"}, "Germany: public"),
    ({"kind": "secondary", "url": "https://yle.fi/a/x", "publisher": "Yle News"}, "Finland: public"),
    ({"kind": "secondary", "url": "https://www.rferl.org/a/x", "publisher": "Radio Free Europe/Radio Liberty"},
     "United States: funded"),
    ({"kind": "secondary", "url": "https://www.stripes.com/x", "publisher": "Stars and Stripes"},
     "United States: official"),
    ({"kind": "secondary", "url": "https://focustaiwan.tw/x", "publisher": "Focus Taiwan (CNA)"}, "Taiwan: owned"),
    ({"kind": "secondary", "url": "https://en.yna.co.kr/x", "publisher": "Yonhap"}, "South Korea: public"),
    ({"kind": "secondary", "url": "https://unn.ua/x", "publisher": "UNN (citing Voice of America)"}, ""),
])
def test_the_rule_labels_both_sides_alike(row, expected):
    assert expected_state_link(row) == expected


def test_state_tied_media_say_so_in_the_note():
    """Owned, funded and aligned media say 'state media' (or 'state-funded', 'state-aligned');
    official outlets say 'official'."""
    phrase = {"owned": ("state media",), "funded": ("state media", "state-funded"),
              "aligned": ("state media", "state-aligned"), "official": ("state media", "official")}
    missing = []
    for row in _source_rows():
        if _on(host_path(row["url"])[0], NOT_MEDIA_HOSTS):
            continue
        for label in [l for l in row["state_link"].split("; ") if l and not l.endswith(": public")]:
            if not any(p in row["note"].lower() for p in phrase[label.split(": ")[1]]):
                missing.append(f"{row['source_id']}: {label}")
    assert not missing, "name the state tie in the note:\n" + "\n".join(missing)


def cited_outlets(publisher, table=TEXT_LABELS):
    """State-linked outlets a host says it is citing ('citing X'): its own report of X's report, so no label."""
    cited = []
    for part in re.findall(r"\(([^)]*)\)", publisher):
        for tail in re.findall(r"\bciting\b([^;)]*)", part):
            for name, label in table.items():
                if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", tail) and name not in cited:
                    cited.append(name)
    return [n for n in cited if not any(n != m and n in m for m in cited)]


def test_citing_a_state_linked_outlet_says_so_in_the_note():
    """'Host (citing X)' carries no label for X (the host wrote its own report), so the note names X and, unless
    X is public-service media, its tie in words: the reader still sees whose report the figure comes from."""
    phrase = {"owned": ("state media", "state news agency", "state agency"), "funded": ("state-funded",),
              "aligned": ("state-aligned",), "official": ("official",), "public": ("",)}
    missing = []
    for row in _source_rows():
        for name in cited_outlets(row["publisher"]):
            tie = TEXT_LABELS[name].split(": ")[1]
            note = row["note"].lower()
            if name.lower() not in note or not any(p in note for p in phrase[tie]):
                missing.append(f"{row['source_id']}: cites {name} ({TEXT_LABELS[name]})")
    assert not missing, "say in the note whose report is cited and its tie:\n" + "\n".join(missing)


@pytest.mark.parametrize("publisher, cited", [
    ("UNN (citing Voice of America)", ["Voice of America"]),
    ("Business Standard (IANS citing Xinhua)", ["Xinhua"]),
    ("Kyiv Independent (citing Reuters)", []),
    ("China Military Online (Xinhua)", []),
])
def test_cited_outlets_are_recognised(publisher, cited):
    assert cited_outlets(publisher) == cited


def test_relays_say_whose_text_they_carry():
    """A wire text on a third site, an aggregator or a reprint says 'relay of <original>' in its note."""
    unlabelled = [f"{row['source_id']}: {row['publisher']}" for row in _source_rows()
                  if relay_of(row) is not None and "relay of" not in row["note"].lower()]
    assert not unlabelled, \
        "write 'relay of <original>' (and whether the original was found):\n" + "\n".join(unlabelled)


@pytest.mark.parametrize("publisher, url, relayed", [
    ("Nasdaq (Reuters)", "https://www.nasdaq.com/articles/x", ["Reuters"]),
    ("KBS World (Yonhap)", "https://world.kbs.co.kr/x", ["Yonhap"]),
    ("China Military Online (PLA Daily)", "https://eng.chinamil.com.cn/x", None),
    ("Kyiv Independent (citing Reuters)", "https://kyivindependent.com/x", None),
    ("MENAFN", "https://menafn.com/x", []),
])
def test_relays_are_recognised_alike(publisher, url, relayed):
    assert relay_of({"publisher": publisher, "url": url}) == relayed


def test_every_source_is_used():
    used = {i for name in DATA_SETS for cell in data.load(name)["source_id"] for i in data.source_ids(cell)}
    unused = set(data.load_sources()["source_id"]) - used
    assert not unused, f"remove unused sources from sources.csv: {sorted(unused)}"


def test_a_claims_note_cites_only_sources_in_its_source_id():
    """claims.source_id is 'the article, then any sources its note cites': a note naming a source that its
    row does not list would let the source list drift from the text a learner reads."""
    known = set(data.load_sources()["source_id"])
    drift = []
    for row in data.load("claims").itertuples():
        listed = set(data.source_ids(row.source_id))
        named = {token for token in re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+", str(row.note)) if token in known}
        if named - listed:
            drift.append(f"{row.claim_id}: add {sorted(named - listed)} to source_id")
    assert not drift, "\n".join(drift)

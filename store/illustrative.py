"""The illustrative commune-level allocation of the 2023 Phong Thổ report.

The report gives district totals (77 teams with 596 communicators, 9 trusted addresses, …) but rarely
says where. To draw a commune map at all we spread those totals over communes, deterministically,
in proportion to the 2009 population, so that every total equals the report exactly. Every row
written here that is not stated by the report carries illustrative=true, and the UI labels it.
Facts the report does give per commune (club communes, the dialogue commune, supervised communes)
are used as given. Run `python -m store.illustrative` to rewrite data/seed/*.csv; the output is
byte-for-byte the same on every run (a test checks it).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from geo import admin
from geo.boundaries import dissolve_2023, load_boundary_file, match_boundaries
from geo.matching import Candidate, NameMatcher
from registry.paths import DATA_DIR

SEED_DIR = DATA_DIR / "seed"
DISTRICT = "109"
YEAR = 2023
REPORT = "Báo cáo Dự án 8 huyện Phong Thổ năm 2023"
ILLUSTRATIVE = "Minh họa / illustrative"

# What the report states commune by commune, in its own spelling.
CLUB_COMMUNES = ["Mù Sang", "Lản Nhì Thàng", "Sin Suối Hồ", "Vàng Ma Chải", "Mồ Sì San"]
DIALOGUE_COMMUNE = "Lản Nhì Thàng"
SUPERVISED_COMMUNES = ["Sì Lở Lầu", "Vàng Ma Chải", "Mồ Sì San", "Pa Vây Sử", "Dào San", "Bản Lang", "Nậm Xe"]
# The report says 15 communes have teams but not which: the township and one lowland commune are left out.
NOT_PROJECT_COMMUNES = ["Thị trấn Phong Thổ", "Khổng Lào"]

TOTALS = {
    "comm_teams": 77,
    "communicators": 596,
    "communicators_female": 162,
    "trusted_addresses": 9,
    "trusted_address_members": 94,
    "trusted_address_members_female": 37,
    "clubs": 12,
    "market_events": 4,
    "market_event_attendees": 2000,
    "campaign_sessions": 4,
    "campaign_villages": 5,
    "campaign_attendees": 600,
    "policy_dialogue_participants": 80,
    "training_classes": 9,
    "training_participants": 334,
    "safe_birth_mothers_paid": 6,
}


def allocate(total: int, weights: list[float], minimum: int = 0, caps: list[int] | None = None) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), each >= minimum
    and <= its cap. Deterministic: ties go to the earlier item."""
    count = len(weights)
    caps = caps or [total] * count
    if minimum * count > total or sum(caps) < total:
        raise ValueError(f"cannot split {total} into {count} parts between {minimum} and {caps}")
    shares = [minimum] * count
    remaining = total - minimum * count
    while remaining:
        open_items = [i for i in range(count) if shares[i] < caps[i]]
        weight_sum = sum(weights[i] for i in open_items)
        if weight_sum > 0:  # in proportion to the weights; a zero weight gets nothing but what rounding leaves
            quotas = {i: remaining * weights[i] / weight_sum for i in open_items}
        else:  # no weight at all: an equal share each
            quotas = {i: remaining / len(open_items) for i in open_items}
        given = 0
        for i in open_items:
            step = min(int(quotas[i]), caps[i] - shares[i], remaining - given)
            shares[i] += step
            given += step
        left = remaining - given
        by_remainder = sorted(open_items, key=lambda i: (-(quotas[i] - int(quotas[i])), i))
        for i in by_remainder:
            if left == 0:
                break
            if shares[i] < caps[i]:
                shares[i] += 1
                left -= 1
        remaining = left
    return shares


def phong_tho_communes() -> list[dict]:
    """The 17 communes of Phong Thổ in 2023, with their 2009 population, ordered by code."""
    units = admin.units_2023()
    district_units = units[units["district_code"] == DISTRICT]
    boundaries = load_boundary_file()
    boundaries = boundaries[boundaries["province"] == "Lai Châu"]
    matches = match_boundaries(
        boundaries, units[units["province_code"] == "12"], admin.name_aliases(), admin.boundary_merges()
    )
    population = dissolve_2023(boundaries, matches).set_index("code")["population"]
    return [
        {"code": r.code, "name": r.name, "population": float(population[r.code])}
        for r in district_units.sort_values("code").itertuples()
    ]


def _codes(names: list[str], communes: list[dict]) -> list[str]:
    district_aliases = admin.name_aliases()
    district_aliases = district_aliases[district_aliases["district_code"] == DISTRICT]
    matcher = NameMatcher(
        (Candidate(c["code"], c["name"]) for c in communes),
        dict(zip(district_aliases["variant"], district_aliases["official"])),
    )
    codes = []
    for name in names:
        found = matcher.match(name)
        if found.code is None:
            raise ValueError(f"report commune {name!r} not found: {found.note}")
        codes.append(found.code)
    return codes


def _day(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


def _source(section: str, illustrative: bool, what: str = "") -> str:
    cited = f"{REPORT}, mục {section}"
    if not illustrative:
        return cited
    return f"{ILLUSTRATIVE}: {what} (tổng khớp {cited})"


def build_tables(communes: list[dict]) -> dict[str, list[dict]]:
    rng = random.Random(2023)
    by_code = {c["code"]: c for c in communes}
    not_project = set(_codes(NOT_PROJECT_COMMUNES, communes))
    project = [c["code"] for c in communes if c["code"] not in not_project]
    common = {"year": YEAR, "vintage": 2023, "district_code": DISTRICT}
    tables: dict[str, list[dict]] = {}

    tables["project_commune"] = [
        {
            "record_id": f"pc-{YEAR}-{c['code']}",
            **common,
            "commune_code": c["code"],
            "is_project": c["code"] in project,
            "illustrative": True,
            "source": _source("I.2", True, "báo cáo nêu 15 xã thuộc dự án nhưng không nêu tên"),
        }
        for c in communes
    ]

    # Communication teams: teams per commune by population, communicators per team ~7.7, women ~27 %.
    teams_per_commune = allocate(TOTALS["comm_teams"], [by_code[c]["population"] for c in project], minimum=3)
    team_communes = [code for code, n in zip(project, teams_per_commune) for _ in range(n)]
    team_sizes = allocate(TOTALS["communicators"], [rng.uniform(0.8, 1.2) for _ in team_communes])
    team_women = allocate(
        TOTALS["communicators_female"], [size * rng.uniform(0.5, 1.5) for size in team_sizes], caps=team_sizes
    )
    rows, seen = [], {}
    for code, size, women in zip(team_communes, team_sizes, team_women):
        seen[code] = seen.get(code, 0) + 1
        rows.append(
            {
                "record_id": f"ct-{YEAR}-{code}-{seen[code]:02d}",
                **common,
                "commune_code": code,
                "village": f"Bản minh họa {seen[code]:02d}",
                "communicators": size,
                "communicators_female": women,
                "established_on": _day(rng, date(2023, 10, 2), date(2023, 12, 15)),
                "illustrative": True,
                "source": _source("II.1 Nội dung 1", True, "phân bổ theo dân số 2009"),
            }
        )
    tables["comm_team"] = rows

    # Trusted addresses: 9 of the project communes, members ~10 each, women ~39 %.
    ta_communes = sorted(rng.sample(project, TOTALS["trusted_addresses"]))
    members = allocate(TOTALS["trusted_address_members"], [rng.uniform(0.8, 1.2) for _ in ta_communes])
    women = allocate(
        TOTALS["trusted_address_members_female"], [m * rng.uniform(0.7, 1.3) for m in members], caps=members
    )
    tables["trusted_address"] = [
        {
            "record_id": f"ta-{YEAR}-{code}-01",
            **common,
            "commune_code": code,
            "village": "Bản minh họa 01",
            "name": f"Địa chỉ tin cậy {by_code[code]['name'].removeprefix('Xã ')}",
            "members": m,
            "members_female": w,
            "established_on": _day(rng, date(2023, 10, 15), date(2023, 12, 15)),
            "latitude": "",
            "longitude": "",
            "illustrative": True,
            "source": _source("II.1 Nội dung 2", True, "xã và số thành viên được phân bổ"),
        }
        for code, m, w in zip(ta_communes, members, women)
    ]

    # Clubs: the 5 communes the report names, one school each, 12 clubs split by population.
    club_codes = _codes(CLUB_COMMUNES, communes)
    clubs_per_school = allocate(TOTALS["clubs"], [by_code[c]["population"] for c in club_codes], minimum=1)
    rows = []
    for code, n in zip(club_codes, clubs_per_school):
        place = by_code[code]["name"].removeprefix("Xã ")
        for i in range(1, n + 1):
            rows.append(
                {
                    "record_id": f"club-{YEAR}-{code}-{i:02d}",
                    **common,
                    "commune_code": code,
                    "school": f"Trường THCS {place} (minh họa)",
                    "club_name": f"CLB Thủ lĩnh của sự thay đổi {i:02d}",
                    "status": "set_up_not_launched",
                    "illustrative": True,
                    "source": _source(
                        "II.1 Nội dung 3", True, "xã theo báo cáo; trường và số CLB mỗi trường được phân bổ"
                    ),
                }
            )
    tables["club"] = rows

    # Events: market-day events and campaign sessions spread over project communes; the one dialogue as reported.
    rows = []
    market_communes = sorted(rng.sample(project, TOTALS["market_events"]))
    attendees = allocate(TOTALS["market_event_attendees"], [rng.uniform(0.8, 1.2) for _ in market_communes])
    for i, (code, n) in enumerate(zip(market_communes, attendees), start=1):
        rows.append(
            {
                "record_id": f"ev-{YEAR}-market-{i:02d}",
                **common,
                "commune_code": code,
                "event_type": "market_event",
                "content_area": 1,
                "held_on": _day(rng, date(2023, 10, 20), date(2023, 12, 20)),
                "villages": "",
                "villages_reached": "",
                "attendees": n,
                "attendees_lower_bound": True,
                "topic": "Sân khấu hóa xóa bỏ định kiến và khuôn mẫu giới",
                "illustrative": True,
                "source": _source("II.1 Nội dung 1", True, "xã, ngày và số người mỗi cuộc được phân bổ"),
            }
        )
    campaign_communes = sorted(rng.sample(project, TOTALS["campaign_sessions"]))
    villages = allocate(TOTALS["campaign_villages"], [1.0] * len(campaign_communes), minimum=1)
    attendees = allocate(TOTALS["campaign_attendees"], villages)
    for i, (code, v, n) in enumerate(zip(campaign_communes, villages, attendees), start=1):
        rows.append(
            {
                "record_id": f"ev-{YEAR}-campaign-{i:02d}",
                **common,
                "commune_code": code,
                "event_type": "campaign",
                "content_area": 1,
                "held_on": _day(rng, date(2023, 10, 1), date(2023, 12, 20)),
                "villages": "; ".join(f"Bản minh họa {k:02d}" for k in range(1, v + 1)),
                "villages_reached": v,
                "attendees": n,
                "attendees_lower_bound": True,
                "topic": "Chiến dịch truyền thông theo QĐ 2441/QĐ-ĐCT",
                "illustrative": True,
                "source": _source("II.1 Nội dung 1", True, "xã, ngày, thôn bản và số người mỗi buổi được phân bổ"),
            }
        )
    (dialogue_code,) = _codes([DIALOGUE_COMMUNE], communes)
    rows.append(
        {
            "record_id": f"ev-{YEAR}-dialogue-01",
            **common,
            "commune_code": dialogue_code,
            "event_type": "policy_dialogue",
            "content_area": 3,
            "held_on": "",
            "villages": "",
            "villages_reached": "",
            "attendees": TOTALS["policy_dialogue_participants"],
            "attendees_lower_bound": False,
            "topic": "Phòng chống tảo hôn và phòng chống bạo lực gia đình",
            "illustrative": False,
            "source": _source("II.1 Nội dung 3", False),
        }
    )
    tables["event"] = rows

    participants = allocate(
        TOTALS["training_participants"], [rng.uniform(0.8, 1.2) for _ in range(TOTALS["training_classes"])]
    )
    tables["training"] = [
        {
            "record_id": f"tr-{YEAR}-{i:02d}",
            **common,
            "commune_code": "",
            "content_area": 1,
            "organiser": "Hội LHPN huyện",
            "held_on": _day(rng, date(2023, 9, 1), date(2023, 11, 30)),
            "participants": n,
            "topic": "Triển khai Dự án 8; năng lực vận hành Tổ truyền thông cộng đồng",
            "illustrative": True,
            "source": _source("II.1 Nội dung 1", True, "số người và ngày mỗi lớp được phân bổ"),
        }
        for i, n in enumerate(participants, start=1)
    ]

    tables["supervision"] = [
        {
            "record_id": f"sv-{YEAR}-{code}",
            **common,
            "commune_code": code,
            "visited_on": "",
            "supervisor": "Tổ giúp việc Ban Chỉ đạo huyện",
            "illustrative": False,
            "source": _source("I.3", False),
        }
        for code in _codes(SUPERVISED_COMMUNES, communes)
    ]

    birth_communes = sorted(rng.sample(project, 4))
    mothers = allocate(TOTALS["safe_birth_mothers_paid"], [by_code[c]["population"] for c in birth_communes], minimum=1)
    tables["safe_birth_support"] = [
        {
            "record_id": f"sb-{YEAR}-{code}",
            **common,
            "commune_code": code,
            "package": "Gói hỗ trợ sinh đẻ an toàn và chăm sóc sức khỏe trẻ em",
            "mothers_paid": n,
            "illustrative": True,
            "source": _source("II.1 Nội dung 1", True, "xã được phân bổ"),
        }
        for code, n in zip(birth_communes, mothers)
    ]
    return tables


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_tables(tables: dict[str, list[dict]], folder: Path = SEED_DIR) -> list[Path]:
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(rows[0].keys())
            writer.writerows([_cell(v) for v in row.values()] for row in rows)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_tables(build_tables(phong_tho_communes())):
        print(path.relative_to(DATA_DIR.parent))

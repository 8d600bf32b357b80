"""Every user-facing string, in Vietnamese (the default) and English: key -> (vi, en).

Pages never hold display text of their own; they ask i18n.t(key). A test fails if a page uses a
key missing here or if any entry lacks a language.
"""

TEXT: dict[str, tuple[str, str]] = {
    # app shell
    "app.title": ("Dự án 8 — Bản đồ độ bao phủ", "Project 8 — Coverage map"),
    "app.subtitle": (
        "Bình đẳng giới và giải quyết những vấn đề cấp thiết đối với phụ nữ và trẻ em",
        "Gender equality and urgent issues for women and children",
    ),
    "nav.overview": ("Tổng quan", "Overview"),
    "filter.heading": ("Phạm vi", "Scope"),
    "filter.province": ("Tỉnh", "Province"),
    "filter.district": ("Huyện", "District"),
    "filter.year": ("Năm báo cáo", "Report year"),
    "filter.language": ("Ngôn ngữ", "Language"),
    "filter.no_years": ("Chưa có năm nào", "No year yet"),
    "error.database": (
        "Không mở được cơ sở dữ liệu: {detail}",
        "The database could not be opened: {detail}",
    ),
    "error.unexpected": (
        "Đã xảy ra lỗi khi tải trang. Hãy tải lại trang; nếu lỗi còn, báo cho quản trị viên (mã: {ref}).",
        "Something went wrong while loading the page. Reload it; if it persists, tell the administrator (ref: {ref}).",
    ),
    # overview
    "overview.title": ("Tổng quan Dự án 8 — {district}, {year}", "Project 8 overview — {district}, {year}"),
    "overview.no_data": (
        "Chưa có dữ liệu Dự án 8 cho {district} năm {year}. Bản đồ chỉ hiển thị ranh giới xã.",
        "There is no Project 8 data for {district} in {year} yet. The map shows commune boundaries only.",
    ),
    "overview.illustrative_banner": (
        "Phân bổ theo xã (tổ truyền thông, địa chỉ tin cậy, CLB, sự kiện) là dữ liệu MINH HỌA: báo cáo chỉ nêu tổng của huyện. "
        "Tổng số khớp báo cáo; chi tiết từng xã không phải số liệu báo cáo. Thay bằng danh sách thật qua trang Nhập dữ liệu.",
        "The commune breakdown (teams, trusted addresses, clubs, events) is ILLUSTRATIVE: the report only gives district totals. "
        "Totals equal the report; the per-commune detail is not reported fact. Replace it with real lists by importing them.",
    ),
    "overview.kpi_heading": ("Chỉ tiêu chính", "Key figures"),
    "overview.map_heading": ("Bản đồ xã", "Commune map"),
    "overview.map_caption": (
        "Ranh giới xã năm 2023 ({count} đơn vị). Di chuột lên xã để xem số liệu.",
        "2023 commune boundaries ({count} units). Hover over a commune for its figures.",
    ),
    "overview.targets_heading": ("Tiến độ chỉ tiêu giai đoạn {start}–{end}", "Target progress {start}–{end}"),
    "overview.report_check": (
        "{matching}/{total} số liệu của báo cáo được tính lại khớp từ dữ liệu.",
        "{matching} of {total} report figures are reproduced from the data.",
    ),
    "overview.mismatch": ("Không khớp: {code} — báo cáo {reported}, dữ liệu {value}. {why}", "Mismatch: {code} — report {reported}, data {value}. {why}"),
    "overview.sources": (
        "Nguồn: Báo cáo Dự án 8 huyện Phong Thổ năm 2023 (UBND huyện Phong Thổ). Ranh giới: censusVN2009 (M. Choisy, L. Contamin), giấy phép MIT. "
        "Mã đơn vị hành chính: Tổng cục Thống kê (qua gói vietnam-provinces). Dân số: thuộc tính điều tra dân số 2009 của tệp ranh giới, chỉ dùng làm mẫu số tương đối.",
        "Sources: Phong Thổ district People's Committee, Project 8 report 2023. Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence. "
        "Administrative codes: General Statistics Office (via the vietnam-provinces package). Population: the 2009 census attribute of the boundary file, a relative denominator only.",
    ),
    # KPI cards
    "kpi.comm_teams": ("Tổ truyền thông cộng đồng", "Community communication teams"),
    "kpi.comm_teams.help": ("{value} tổ ở {communes} xã; chỉ tiêu {target}", "{value} teams in {communes} communes; target {target}"),
    "kpi.trusted_addresses": ("Địa chỉ tin cậy", "Trusted addresses"),
    "kpi.trusted_addresses.help": ("{members} thành viên, {women} nữ; chỉ tiêu {target}", "{members} members, {women} women; target {target}"),
    "kpi.communicators": ("Truyền thông viên", "Communicators"),
    "kpi.communicators.help": ("trong đó {women} nữ ({share})", "of whom {women} women ({share})"),
    "kpi.clubs": ("CLB Thủ lĩnh của sự thay đổi", "Leaders-of-change clubs"),
    "kpi.clubs.help": ("{schools} trường THCS ở {communes} xã; chưa ra mắt", "{schools} lower-secondary schools in {communes} communes; not yet launched"),
    "kpi.targets": ("Chỉ tiêu đạt", "Targets achieved"),
    "kpi.targets.help": (
        "Báo cáo nêu {announced} chỉ tiêu nhưng liệt kê {named}",
        "The report announces {announced} targets but names {named}",
    ),
    "kpi.disbursement": ("Giải ngân vốn {year}", "{year} disbursement"),
    "kpi.disbursement.help": (
        "{disbursed} / {planned} triệu đồng (báo cáo in {printed})",
        "{disbursed} of {planned} million VND (the report prints {printed})",
    ),
    "kpi.vs_target": ("so với chỉ tiêu {target}", "against target {target}"),
    # indicators and units
    "indicator.comm_teams": ("Số tổ truyền thông", "Communication teams"),
    "indicator.communicators_per_1000": ("Truyền thông viên / 1.000 dân", "Communicators per 1,000 residents"),
    "unit.teams": ("tổ", "teams"),
    "unit.per_1000": ("/1.000 dân (2009)", "/1,000 residents (2009)"),
    "map.no_data": ("Không có số liệu", "No data"),
    "map.illustrative_note": ("Số liệu theo xã: minh họa", "Commune figures: illustrative"),
    "map.indicator": ("Chỉ số trên bản đồ", "Map indicator"),
    "tooltip.commune": ("Xã", "Commune"),
    "tooltip.comm_teams": ("Tổ truyền thông", "Communication teams"),
    "tooltip.communicators": ("Truyền thông viên", "Communicators"),
    "tooltip.trusted_addresses": ("Địa chỉ tin cậy", "Trusted addresses"),
    "tooltip.clubs": ("CLB", "Clubs"),
    "tooltip.supervised": ("Được giám sát", "Supervised"),
    "tooltip.population": ("Dân số (2009)", "Population (2009)"),
    "tooltip.data_kind": ("Loại số liệu", "Data"),
    "value.yes": ("Có", "Yes"),
    "value.no": ("Không", "No"),
    "value.illustrative": ("minh họa", "illustrative"),
    "value.reported": ("theo báo cáo", "reported"),
    # targets
    "status.exceeded": ("Vượt chỉ tiêu", "Exceeded"),
    "status.achieved": ("Đạt", "Achieved"),
    "status.not_achieved": ("Chưa đạt", "Not achieved"),
    "status.not_started": ("Chưa triển khai", "Not started"),
    "column.target": ("Chỉ tiêu", "Target"),
    "column.content_area": ("Nội dung", "Content area"),
    "column.target_value": ("Mục tiêu", "Target value"),
    "column.actual_value": ("Thực hiện", "Actual"),
    "column.status": ("Tình trạng", "Status"),
}

"""Hand-written tables of the demo: its places, accounts, name pools and text templates. The producers and
their products are in `hanoi.py` and `ninhbinh.py`."""

from dataclasses import dataclass

from accounts.models import Role
from areas.models import Area
from producers.models import EnterpriseForm, ProducerKind

# One password for every demo account, so the README can list it once. It passes the validators in settings.
DEMO_PASSWORD = "OcopDemo-2026"  # noqa: S105 (a published demo password, not a secret)
SEED = 2026

CURRENT, LEGACY = Area.Era.CURRENT, Area.Era.LEGACY

# Former province (before 1 July 2025) → (first two digits of its enterprise tax codes, the three-digit
# province code of its residents' personal identification numbers).
FORMER_PROVINCES = {
    "HN": ("01", "001"),  # Hà Nội
    "NB": ("27", "037"),  # Ninh Bình
    "HNam": ("07", "035"),  # Hà Nam, in Ninh Bình since 2025
    "ND": ("06", "036"),  # Nam Định, in Ninh Bình since 2025
}


@dataclass(frozen=True)
class Place:
    era: str
    code: str
    short_name: str  # checked against the reference data, so a wrong code fails loudly
    former_province: str


# Communes the demo uses, by key. Keys starting with "old." are units before 1 July 2025: producers recorded
# there roll up to today's commune and province through the official mapping.
PLACES = {
    # Hà Nội, today's communes and wards
    "phunghia": Place(CURRENT, "10030", "Phú Nghĩa", "HN"),
    "chuongmy": Place(CURRENT, "10015", "Chương Mỹ", "HN"),
    "battrang": Place(CURRENT, "00577", "Bát Tràng", "HN"),
    "vandinh": Place(CURRENT, "10354", "Vân Đình", "HN"),
    "hadong": Place(CURRENT, "09556", "Hà Đông", "HN"),
    "taytuu": Place(CURRENT, "00613", "Tây Tựu", "HN"),
    "phuthuong": Place(CURRENT, "00091", "Phú Thượng", "HN"),
    "melinh": Place(CURRENT, "09022", "Mê Linh", "HN"),
    "huongson": Place(CURRENT, "10489", "Hương Sơn", "HN"),
    "bavi": Place(CURRENT, "09700", "Ba Vì", "HN"),
    "suoihai": Place(CURRENT, "09694", "Suối Hai", "HN"),
    "sontay": Place(CURRENT, "09574", "Sơn Tây", "HN"),
    "sondong": Place(CURRENT, "09871", "Sơn Đồng", "HN"),
    "ankhanh": Place(CURRENT, "09877", "An Khánh", "HN"),
    "chuyenmy": Place(CURRENT, "10330", "Chuyên Mỹ", "HN"),
    "hongvan": Place(CURRENT, "10210", "Hồng Vân", "HN"),
    "danhoa": Place(CURRENT, "10180", "Dân Hòa", "HN"),
    "donganh": Place(CURRENT, "00454", "Đông Anh", "HN"),
    "socson": Place(CURRENT, "00376", "Sóc Sơn", "HN"),
    "phucloc": Place(CURRENT, "09739", "Phúc Lộc", "HN"),
    "quangoai": Place(CURRENT, "09619", "Quảng Oai", "HN"),
    # Hà Nội, units before 2025
    "old.phunghia": Place(LEGACY, "10033", "Phú Nghĩa", "HN"),  # Huyện Chương Mỹ → Xã Phú Nghĩa
    "old.vanphuc": Place(LEGACY, "09544", "Vạn Phúc", "HN"),  # Quận Hà Đông → Phường Hà Đông
    "old.nhattan": Place(LEGACY, "00094", "Nhật Tân", "HN"),  # Quận Tây Hồ → Phường Tây Hồ
    "old.cukhe": Place(LEGACY, "10120", "Cự Khê", "HN"),  # Huyện Thanh Oai → Xã Bình Minh
    "old.duonglam": Place(LEGACY, "09592", "Đường Lâm", "HN"),  # Thị xã Sơn Tây → Phường Sơn Tây
    "old.quangphucau": Place(LEGACY, "10366", "Quảng Phú Cầu", "HN"),  # Huyện Ứng Hòa → Xã Ứng Thiên
    "old.dichvonghau": Place(LEGACY, "00167", "Dịch Vọng Hậu", "HN"),  # Quận Cầu Giấy → Phường Cầu Giấy
    "old.minhquang": Place(LEGACY, "09700", "Minh Quang", "HN"),  # Huyện Ba Vì → Xã Ba Vì
    # Ninh Bình, today's communes and wards (including the former Hà Nam and Nam Định)
    "namhoalu": Place(CURRENT, "14359", "Nam Hoa Lư", "NB"),
    "tayhoalu": Place(CURRENT, "14533", "Tây Hoa Lư", "NB"),
    "hoalu": Place(CURRENT, "14329", "Hoa Lư", "NB"),
    "kimson": Place(CURRENT, "14638", "Kim Sơn", "NB"),
    "phatdiem": Place(CURRENT, "14620", "Phát Diệm", "NB"),
    "cucphuong": Place(CURRENT, "14404", "Cúc Phương", "NB"),
    "nhoquan": Place(CURRENT, "14428", "Nho Quan", "NB"),
    "tamdiep": Place(CURRENT, "14362", "Tam Điệp", "NB"),
    "giavan": Place(CURRENT, "14488", "Gia Vân", "NB"),
    "giavien": Place(CURRENT, "14464", "Gia Viễn", "NB"),
    "yenmac": Place(CURRENT, "14743", "Yên Mạc", "NB"),
    "giaothuy": Place(CURRENT, "14167", "Giao Thủy", "ND"),
    "haihau": Place(CURRENT, "14215", "Hải Hậu", "ND"),
    "namdinh": Place(CURRENT, "13669", "Nam Định", "ND"),
    "tienson": Place(CURRENT, "13363", "Tiên Sơn", "HNam"),
    # Ninh Bình, units before 2025 (of the former Ninh Bình, Hà Nam and Nam Định provinces)
    "old.ninhhai": Place(LEGACY, "14551", "Ninh Hải", "NB"),  # Thành phố Hoa Lư → Phường Nam Hoa Lư
    "old.ninhvan": Place(LEGACY, "14554", "Ninh Vân", "NB"),  # Thành phố Hoa Lư → Phường Nam Hoa Lư
    "old.kimchinh": Place(LEGACY, "14659", "Kim Chính", "NB"),  # Huyện Kim Sơn → Xã Phát Diệm
    "old.hoahau": Place(LEGACY, "13630", "Hòa Hậu", "HNam"),  # Huyện Lý Nhân → Xã Nam Lý
    "old.basao": Place(LEGACY, "13429", "Ba Sao", "HNam"),  # Thị xã Kim Bảng → Phường Tam Chúc
    "old.bachlong": Place(LEGACY, "14206", "Bạch Long", "ND"),  # Huyện Giao Thủy → Xã Giao Bình
    "old.mytan": Place(LEGACY, "13723", "Mỹ Tân", "ND"),  # Thành phố Nam Định → Phường Thiên Trường
    "old.namdien": Place(LEGACY, "13972", "Nam Điền", "ND"),  # Huyện Nam Trực → Phường Vị Khê
}

PROVINCES = {"HN": "01", "NB": "37"}  # today's province codes of the demo's two provinces


@dataclass(frozen=True)
class ProducerSpec:
    """One demo producer. `name` may contain "{rep}", replaced by the representative's generated name
    (households are named after their owner). Products are (name, criteria set number, specification)."""

    name: str
    kind: str
    place: str
    street: str
    products: tuple[tuple[str, int, str], ...] = ()
    raw_material: str = ""
    form: str = ""
    local_capital: int | None = None
    status: str = "verified"  # "verified", "pending" (awaiting its commune) or "rejected"
    login: str = ""
    ethnicity: str = "Kinh"


COOP = ProducerKind.COOPERATIVE
GROUP = ProducerKind.COOPERATIVE_GROUP
SME = ProducerKind.ENTERPRISE
FARM = ProducerKind.FARM
HOUSEHOLD = ProducerKind.HOUSEHOLD
ASSOCIATION = ProducerKind.ASSOCIATION
CENTRE = ProducerKind.OPERATING_CENTRE
LLC, PRIVATE, JSC = EnterpriseForm.LLC, EnterpriseForm.PRIVATE, EnterpriseForm.JOINT_STOCK


@dataclass(frozen=True)
class StaffAccount:
    username: str
    role: str
    area: tuple[str, str] | None  # ("province", today's code) or ("commune", a PLACES key); None for national
    full_name: str


STAFF = (
    StaffAccount("admin", Role.SYSADMIN, None, "Quản trị hệ thống"),
    StaffAccount("tinh.hanoi", Role.PROVINCE_OFFICER, ("province", "01"), "Nguyễn Thu Hà"),
    StaffAccount("tinh.ninhbinh", Role.PROVINCE_OFFICER, ("province", "37"), "Đinh Văn Hùng"),
    StaffAccount("xa.phunghia", Role.COMMUNE_OFFICER, ("commune", "phunghia"), "Lê Văn Tùng"),
    StaffAccount("xa.battrang", Role.COMMUNE_OFFICER, ("commune", "battrang"), "Phạm Thị Lan"),
    StaffAccount("xa.namhoalu", Role.COMMUNE_OFFICER, ("commune", "namhoalu"), "Bùi Quang Minh"),
    StaffAccount("hoidong", Role.COUNCIL_MEMBER, ("province", "01"), "Trần Minh Đức"),
    StaffAccount("hoidong.ninhbinh", Role.COUNCIL_MEMBER, ("province", "37"), "Vũ Thị Thu Trang"),
    StaffAccount("tuvan", Role.ADVISORY_MEMBER, ("province", "01"), "Hoàng Thị Mai"),
    StaffAccount("thanhtra", Role.INSPECTOR, ("province", "01"), "Đỗ Quang Vinh"),
    StaffAccount("bo", Role.MINISTRY_OFFICER, None, "Phan Thanh Bình"),
)

# Names of people: family names, then middle and given names by gender.
FAMILY_NAMES = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ",
    "Ngô", "Dương", "Đinh", "Đào", "Phan", "Lương", "Tạ",
)  # fmt: skip
MIDDLE_NAMES = {
    "male": ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Công"),
    "female": ("Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Kim", "Phương"),
}
GIVEN_NAMES = {
    "male": (
        "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng",
        "Toàn", "Tuấn", "Việt", "Hiếu", "Trung",
    ),
    "female": (
        "Anh", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Ngân", "Nhung", "Oanh", "Phương", "Thảo",
        "Trang", "Vân", "Yến", "Huyền", "Loan",
    ),
}  # fmt: skip
POSITIONS = {
    COOP: "Giám đốc hợp tác xã",
    GROUP: "Tổ trưởng",
    SME: "Giám đốc",
    FARM: "Chủ trang trại",
    HOUSEHOLD: "Chủ hộ kinh doanh",
    ASSOCIATION: "Chủ tịch Hội",
    CENTRE: "Giám đốc Trung tâm",
}
FOUNDED_YEARS = {COOP: (1997, 2021), GROUP: (2010, 2022), SME: (2002, 2021), FARM: (2008, 2021)}
FOUNDED_YEARS_DEFAULT = (2012, 2023)
PHONE_PREFIXES = ("091", "094", "096", "097", "098", "088", "086", "035", "036", "039")

# Sector numeral of each criteria set number (QĐ 26/2026 Phụ lục I); the plan needs it without the database.
SECTOR_RANGES = (("I", 1, 13), ("II", 14, 17), ("III", 18, 20), ("IV", 21, 22), ("V", 23, 25), ("VI", 26, 26))


def sector_of(criteria_set: int) -> str:
    return next(numeral for numeral, first, last in SECTOR_RANGES if first <= criteria_set <= last)


# Published standards a product may declare, by criteria set; the others declare a company standard (TCCS).
STANDARDS = {
    1: "VietGAP (TCVN 11892-1:2017)",
    3: "TCVN 5644:2008 Gạo trắng",
    4: "TCVN 5267-1:2008 Mật ong",
    9: "TCVN 5107:2018 Nước mắm",
    11: "TCVN 9740:2013 Chè xanh",
    14: "TCVN 7043:2013 Rượu trắng",
    16: "QCVN 6-1:2010/BYT",
}

# Criteria sets whose producers hold a food-safety certificate (food, drinks, functional food).
FOOD_SAFETY_SETS = range(1, 19)

DESCRIPTIONS = {
    "I": "{name}, {spec}. Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
    "II": "{name}, {spec}. Bảo quản nơi thoáng mát; ngon hơn khi dùng lạnh.",
    "III": "{name}, {spec}. Sản phẩm từ dược liệu: đọc kỹ hướng dẫn sử dụng trước khi dùng.",
    "IV": "{name}, {spec}. Làm thủ công hoàn toàn, mỗi sản phẩm mang nét riêng của người thợ.",
    "V": "{name}, {spec}. Giao tận nơi trong nội thành, kèm hướng dẫn chăm sóc.",
    "VI": "{name}: {spec}. Đặt trước qua điện thoại hoặc thư điện tử; có hướng dẫn viên người địa phương.",
}
STORY_TEMPLATES = {
    "I": (
        "{name} giữ cách làm truyền thống của người {place}. Từ năm {year}, {producer} chuẩn hoá quy trình, "
        "chọn nguyên liệu tại chỗ và đưa sản phẩm vào các cửa hàng OCOP, siêu thị trong và ngoài tỉnh.",
        "Nghề làm {lower} ở {place} có từ nhiều đời. {producer} liên kết với các hộ trong vùng, sản xuất theo "
        "mẻ nhỏ, không dùng chất bảo quản, để món quà quê giữ được hương vị như xưa.",
    ),
    "II": (
        "{name} được làm từ nguồn nguyên liệu và nguồn nước của {place}. {producer} kết hợp men và bí quyết "
        "gia truyền với dây chuyền đóng chai hiện đại, kiểm soát chất lượng từng mẻ.",
    ),
    "III": (
        "Bài thuốc làm nên {lower} được các thầy lang ở {place} truyền lại qua nhiều thế hệ. {producer} trồng "
        "và thu hái dược liệu theo mùa, sơ chế, chiết xuất tại cơ sở đạt chuẩn.",
    ),
    "IV": (
        "Nghề thủ công ở {place} đã nuôi sống bao thế hệ. Mỗi {lower} của {producer} qua tay nhiều người thợ, "
        "kết hợp mẫu truyền thống với kiểu dáng mới để đi xa hơn, kể cả ra nước ngoài.",
        "{producer} gìn giữ làng nghề {place}: truyền nghề cho lớp trẻ, dùng nguyên liệu tự nhiên và làm "
        "hoàn toàn thủ công, để {lower} là món quà mang đậm hồn quê.",
    ),
    "V": (
        "Đất và nước {place} cho {lower} dáng đẹp, màu tươi. {producer} trồng và chăm theo kinh nghiệm nhiều "
        "đời của nhà vườn, kết hợp kỹ thuật mới để có sản phẩm đều đẹp quanh năm.",
    ),
    "VI": (
        "{name} đưa du khách về với {place}: cảnh quan, làng nghề và nếp sống của người dân. Người dân địa "
        "phương trực tiếp đón khách, nấu ăn và kể chuyện quê mình, cùng {producer} giữ gìn cảnh quan.",
    ),
}
# Stories of the best-known products, told in full.
STORIES = {
    "Bình gốm men lam Bát Tràng": (
        "Làng gốm Bát Tràng bên sông Hồng đã làm gốm hơn năm trăm năm. Men lam được vẽ tay trên xương gốm "
        "mộc rồi nung ở nhiệt độ trên 1.200 °C, cho sắc xanh trầm không phai."
    ),
    "Lụa tơ tằm Vạn Phúc": (
        "Làng lụa Vạn Phúc có nghề dệt hơn nghìn năm, từng dệt lụa tiến vua. Lụa vân hoa dệt từ tơ tằm "
        "nguyên chất, mặt lụa mềm, hoa văn chìm hiện lên khi đổi góc nhìn."
    ),
    "Cành đào Nhật Tân": (
        "Đào Nhật Tân là sắc xuân của Hà Nội. Nhà vườn tuốt lá, hãm gốc từ tháng Mười để cành ra nụ đúng "
        "dịp Tết, hoa cánh kép màu hồng thắm."
    ),
    "Chuối ngự Đại Hoàng": (
        "Chuối ngự Đại Hoàng quả nhỏ, vỏ mỏng, chín vàng có chấm đồi mồi, xưa được tiến vua. Giống chuối "
        "được giữ trên đất bãi ven sông Châu ở quê hương nhà văn Nam Cao."
    ),
    "Rượu Kim Sơn": (
        "Rượu Kim Sơn được nấu từ gạo nếp của vùng đất lấn biển, ủ men lá theo bí quyết gia truyền, rồi hạ "
        "thổ trong chum sành cho rượu êm, thơm."
    ),
    "Tuyến thuyền Tam Cốc – Bích Động": (
        "Thuyền nan do người dân Văn Lâm chèo đưa khách qua ba hang động xuyên núi giữa đồng lúa, rồi ghé "
        "làng thêu ren và chùa Bích Động."
    ),
}
# Intellectual-property titles of products, by product name: (kind, title).
IP_TITLES = {
    "Bình gốm men lam Bát Tràng": (("collective", "Gốm sứ Bát Tràng"), ("design", "Bình gốm men lam dáng tỏi")),
    "Lụa tơ tằm Vạn Phúc": (("collective", "Lụa Vạn Phúc - Hà Đông"),),
    "Cành đào Nhật Tân": (("collective", "Hoa đào Nhật Tân"),),
    "Miến dong Cự Đà": (("collective", "Miến Cự Đà"),),
    "Chè búp Ba Vì": (("collective", "Chè Ba Vì"),),
    "Vịt cỏ Vân Đình": (("collective", "Vịt cỏ Vân Đình"),),
    "Cốm làng Vòng": (("collective", "Cốm làng Vòng"),),
    "Tranh khảm trai Chuyên Mỹ": (("collective", "Khảm trai Chuyên Mỹ"),),
    "Chuối ngự Đại Hoàng": (("certification", "Chuối ngự Đại Hoàng"),),
    "Gạo tám xoan Hải Hậu": (("gi", "Hải Hậu cho sản phẩm gạo tám xoan"),),
    "Nước mắm cốt Giao Thủy": (("collective", "Nước mắm Giao Thủy"),),
    "Rượu Kim Sơn": (("collective", "Rượu Kim Sơn"),),
    "Nem chua Yên Mạc": (("collective", "Nem chua Yên Mạc"),),
    "Dứa Queen Đồng Giao": (("certification", "Dứa Đồng Giao"),),
    "Tuyến thuyền Tam Cốc – Bích Động": (("trademark", "Tam Cốc Boat"), ("copyright", "Bản đồ tuyến thuyền")),
}

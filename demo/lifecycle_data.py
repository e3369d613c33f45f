"""Hand-written tables of the demo's lifecycle: the council and producer accounts it adds, the certificates a
province brings in from before the platform, the dossiers and where each one stops, and the texts they carry.
`lifecycle` writes them through the domain functions."""

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role

from .data import StaffAccount

# --- accounts ------------------------------------------------------------------------------------------------

# The provincial council of Hà Nội: the existing `hoidong` chairs it, these four sit with them (a quorum of 5).
# The central council: national council accounts, no area. Each seat's agency, in the order of the accounts.
HANOI_CHAIR = "hoidong"
HANOI_MEMBERS = (
    StaffAccount("hoidong2", Role.COUNCIL_MEMBER, ("province", "01"), "Nguyễn Thị Bích Ngọc"),
    StaffAccount("hoidong3", Role.COUNCIL_MEMBER, ("province", "01"), "Lê Quang Huy"),
    StaffAccount("hoidong4", Role.COUNCIL_MEMBER, ("province", "01"), "Phạm Thu Hằng"),
    StaffAccount("hoidong5", Role.COUNCIL_MEMBER, ("province", "01"), "Đỗ Mạnh Cường"),
)
HANOI_AGENCIES = (
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Sở Y tế",
    "Sở Văn hoá và Thể thao",
)
HANOI_ADVISOR = "tuvan"
CENTRAL_MEMBERS = (
    StaffAccount("hoidong.tw1", Role.COUNCIL_MEMBER, None, "Trần Văn Khải"),
    StaffAccount("hoidong.tw2", Role.COUNCIL_MEMBER, None, "Nguyễn Thị Thanh Hương"),
    StaffAccount("hoidong.tw3", Role.COUNCIL_MEMBER, None, "Hoàng Minh Sơn"),
    StaffAccount("hoidong.tw4", Role.COUNCIL_MEMBER, None, "Vũ Thị Lan Anh"),
    StaffAccount("hoidong.tw5", Role.COUNCIL_MEMBER, None, "Đặng Quốc Bảo"),
)
CENTRAL_AGENCIES = (
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Công Thương",
    "Bộ Khoa học và Công nghệ",
    "Bộ Y tế",
    "Bộ Văn hoá, Thể thao và Du lịch",
)
# Council regulation (Quy chế) of both councils: the defaults, written down as data.
QUORUM = 5
MAX_GAP = Decimal(10)

# Producers that file dossiers need an account: (user name, one of the producer's products).
PRODUCER_LOGINS = (
    ("maytre.phuvinh", "Giỏ mây đan Phú Vinh"),
    ("maytre.xuatkhau", "Bình hoa mây giả cổ"),
    ("gom.giangcao", "Bộ bát đĩa gốm men lam Giang Cao"),
    ("dulich.battrang", "Du lịch trải nghiệm làng gốm Bát Tràng"),
    ("theu.vanlam", "Tranh thêu tay Văn Lâm"),
    ("da.ninhvan", "Tượng đá mỹ nghệ Ninh Vân"),
)


def lifecycle_usernames() -> list[str]:
    return [a.username for a in (*HANOI_MEMBERS, *CENTRAL_MEMBERS)] + [login for login, _product in PRODUCER_LOGINS]


# --- certificates from before the platform ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedCertificate:
    """One row of a province's import workbook. The issue date is fixed (`on`, for history that stays the same
    whatever day the demo is built) or relative to today (`months_ago`, `days_ago`), so that the certificates
    meant to be in force, due for renewal or expired are so on any day. The legal version is the one in force
    on that date, and the area the producer's unit of that era."""

    product: str
    stars: int
    decision: str
    number: str  # "{year}" is replaced by the issue year
    on: tuple[int, int, int] | None = None
    months_ago: int = 0
    days_ago: int = 0


HANOI_IMPORTS = (
    # Expired: issued under QĐ 1048/2019 on a commune of the former Quận Cầu Giấy, never renewed.
    ImportedCertificate("Cốm làng Vòng", 3, "2154/QĐ-UBND", "HN-{year}-0118", on=(2021, 6, 18)),
    # An upgrade before the platform: the 2022 certificate (QĐ 1048/2019) was replaced by a 4-star one
    # (QĐ 148/2023) before it expired. Fixed dates, so both legal versions stay in the demo on any day.
    ImportedCertificate("Tương Đường Lâm", 3, "5307/QĐ-UBND", "HN-{year}-0421", on=(2022, 11, 28)),
    ImportedCertificate("Tương Đường Lâm", 4, "3981/QĐ-UBND", "HN-{year}-0305", on=(2024, 11, 20)),
    ImportedCertificate("Lụa tơ tằm Vạn Phúc", 4, "4412/QĐ-UBND", "HN-{year}-0377", months_ago=26),
    ImportedCertificate("Miến dong Cự Đà", 4, "1276/QĐ-UBND", "HN-{year}-0142", months_ago=20),
    # Due for renewal: 36 months less 75 days ago, so it expires in about 75 days.
    ImportedCertificate("Cành đào Nhật Tân", 3, "0985/QĐ-UBND", "HN-{year}-0097", months_ago=36, days_ago=-75),
    ImportedCertificate("Chè búp Ba Vì", 4, "0712/QĐ-UBND", "HN-{year}-0063", months_ago=8),
    # Withdrawn in the demo after an inspection, once its stamps are on the market.
    ImportedCertificate("Gà Mía Sơn Tây", 3, "2890/QĐ-UBND", "HN-{year}-0256", months_ago=10),
    # Upgraded to 4 stars by a dossier of the demo's round.
    ImportedCertificate("Gừng sấy dẻo Phú Nghĩa", 3, "3345/QĐ-UBND", "HN-{year}-0288", months_ago=14),
)
NINHBINH_IMPORTS = (
    ImportedCertificate("Chuối ngự Đại Hoàng", 4, "1862/QĐ-UBND", "NB-{year}-0051", months_ago=28),
    ImportedCertificate("Thảm cói Kim Sơn", 3, "1915/QĐ-UBND", "NB-{year}-0057", months_ago=27),
    ImportedCertificate("Mật ong rừng Tam Chúc", 3, "2240/QĐ-UBND", "NB-{year}-0074", months_ago=22),
    ImportedCertificate("Rượu Kim Sơn", 4, "2517/QĐ-UBND", "NB-{year}-0088", months_ago=13),
    ImportedCertificate("Nem chua Yên Mạc", 3, "0433/QĐ-UBND", "NB-{year}-0012", months_ago=6),
)


@dataclass(frozen=True)
class EarlierResult:
    """A council's result from before the platform that recognised nothing: the history a province's reports
    show besides its certificates. Under QĐ 1048/2019, on the producer's unit of the time."""

    product: str
    year: int
    level: str  # history.models.CouncilLevel
    result: str  # history.models.ResultKind
    score: float


# Imported with the certificates of the same products (each certificate also brings the council result of its
# decision): a product that reached 3★ after a 2★ at its district, one that failed first, one a province found
# of "potential 5★" before it was recognised 4★.
EARLIER_RESULTS = (
    EarlierResult("Cốm làng Vòng", 2020, "district", "2", 44.5),
    EarlierResult("Tương Đường Lâm", 2020, "district", "not_ranked", 27.0),
    EarlierResult("Gà Mía Sơn Tây", 2021, "district", "2", 41.0),
    EarlierResult("Lụa tơ tằm Vạn Phúc", 2021, "province", "potential_5", 91.5),
)

WITHDRAWN = "Gà Mía Sơn Tây"
WITHDRAWAL = {
    "ground": "b",  # the product no longer meets the criteria, by an inspection's conclusion
    "conclusion": (
        "Kết luận kiểm tra số 47/KL-SNNMT: mẫu gà ủ muối lấy tại cửa hàng không đạt chỉ tiêu vi sinh vật; cơ sở "
        "chưa khắc phục điều kiện bảo quản lạnh theo yêu cầu của đoàn kiểm tra."
    ),
    "decision_number": "6120/QĐ-UBND",
    "signer": "Phó Chủ tịch UBND Thành phố Nguyễn Mạnh Quyền",
}
WITHDRAWN_LOT = "GM-L01"
# A batch the 5-star product's producer orders as soon as it is recognised.
SHOWCASE = "Bình gốm men lam Bát Tràng"
SHOWCASE_LOT = "BT-ML-01"

# --- dossiers --------------------------------------------------------------------------------------------------

# Where a dossier stops. The first six are the steps before the council; the others are results of the
# provincial round of Hà Nội.
DRAFT, SUBMITTED, OVERDUE, RETURNED, COMMUNE_REVIEWED, RECEIVED = (
    "draft", "submitted", "overdue", "returned", "commune_reviewed", "received",
)  # fmt: skip
SCORING, THREE, FOUR, FIVE, DIVERGENT, KNOCKED_OUT = "scoring", "3", "4", "5", "divergent", "knocked_out"
ROUND_OUTCOMES = (SCORING, THREE, FOUR, FIVE, DIVERGENT, KNOCKED_OUT)


@dataclass(frozen=True)
class DossierSpec:
    product: str
    stop: str
    kind: str = "first"
    reason: str = ""  # why the commune returned it


DOSSIERS = (
    # Hà Nội: Xã Phú Nghĩa
    DossierSpec("Mứt gừng Phú Nghĩa", FOUR),
    DossierSpec("Gừng sấy dẻo Phú Nghĩa", FOUR, kind="upgrade"),
    DossierSpec("Trà gừng mật ong Phú Nghĩa", COMMUNE_REVIEWED),
    DossierSpec("Rau cải ngọt an toàn Phú Nghĩa", DRAFT),
    DossierSpec("Giỏ mây đan Phú Vinh", THREE),
    DossierSpec("Đèn mây tre Phú Vinh", DIVERGENT),
    DossierSpec("Khay mây hình bầu dục Phú Vinh", SUBMITTED),
    DossierSpec("Bình hoa mây giả cổ", OVERDUE),
    DossierSpec("Hộp đựng đồ mây tre", DRAFT),
    # Hà Nội: Xã Bát Tràng
    DossierSpec("Bình gốm men lam Bát Tràng", FIVE),
    DossierSpec("Bộ ấm chén men rạn Bát Tràng", THREE),
    DossierSpec("Lọ hoa men hoa biến Bát Tràng", SCORING),
    DossierSpec("Đĩa sứ vẽ tay Bát Tràng", RECEIVED),
    DossierSpec("Bộ bát đĩa gốm men lam Giang Cao", KNOCKED_OUT),
    DossierSpec(
        "Chum gốm men nâu Giang Cao",
        RETURNED,
        reason=(
            "Bản công bố chất lượng trong hồ sơ ghi sai kích thước sản phẩm; ảnh chụp sản phẩm chưa rõ nhãn. "
            "Đề nghị bổ sung bản công bố đã sửa và ảnh nhãn sản phẩm."
        ),
    ),
    DossierSpec("Du lịch trải nghiệm làng gốm Bát Tràng", RECEIVED),
    # Ninh Bình: Phường Nam Hoa Lư (and Xã Kim Sơn, which has no commune officer in the demo: a draft only)
    DossierSpec("Tuyến thuyền Tam Cốc – Bích Động", RECEIVED),
    DossierSpec("Đạp xe khám phá làng quê Tam Cốc", DRAFT),
    DossierSpec("Tranh thêu tay Văn Lâm", SUBMITTED),
    DossierSpec(
        "Áo thêu tay Văn Lâm",
        RETURNED,
        reason=(
            "Thiếu danh sách lao động tham gia sản xuất và hợp đồng mua nguyên liệu chỉ thêu; phần kế hoạch kinh "
            "doanh chưa nêu sản lượng dự kiến."
        ),
    ),
    DossierSpec("Khăn trải bàn thêu ren Văn Lâm", COMMUNE_REVIEWED),
    DossierSpec("Tượng đá mỹ nghệ Ninh Vân", RECEIVED),
    DossierSpec("Đèn đá sân vườn Ninh Vân", DRAFT),
    DossierSpec("Rượu Kim Sơn ngâm ba kích", DRAFT),
)
OVERDUE_DAYS = 30  # the overdue dossier was submitted this many calendar days ago

# Each council member's total, by outcome (the planner lowers random lines of a sheet to reach it), and the
# lowest star whose minimums every line keeps. The divergent one spreads 16 points (the regulation allows 10).
COUNCIL_TOTALS = {
    THREE: ((Decimal(58), Decimal(63), Decimal(61), Decimal(65), Decimal(60)), 3),
    FOUR: ((Decimal(78), Decimal(82), Decimal(76), Decimal(80), Decimal(84)), 4),
    FIVE: ((Decimal(92), Decimal(95), Decimal(91), Decimal(94), Decimal(93)), 5),
    DIVERGENT: ((Decimal(72), Decimal(75), Decimal(78), Decimal(80), Decimal(88)), 4),
    KNOCKED_OUT: ((Decimal(66), Decimal(62), Decimal(64), Decimal(68), Decimal(63)), 3),
    SCORING: ((Decimal(79), Decimal(83), Decimal(81)), 4),  # three of five have submitted
}
CENTRAL_TOTALS = ((Decimal(91), Decimal(93), Decimal(92), Decimal(95), Decimal(90)), 5)
KNOCKING_MEMBERS = 4  # members who tick the knock-out line: more than half
EXPECTED_STARS = {THREE: 3, FOUR: 4, FIVE: 5, DIVERGENT: 4}
# The producer's own score, above what the council gives (producers are hopeful).
SELF_TOTALS = {THREE: Decimal(70), FOUR: Decimal(86), FIVE: Decimal(96), DIVERGENT: Decimal(84)}
SELF_TOTAL_DEFAULT = Decimal(78)

SHEET_COMMENTS = (
    "Sản phẩm có câu chuyện rõ ràng, gắn với làng nghề; cần cải thiện bao bì và nhãn.",
    "Hồ sơ đầy đủ; đề nghị bổ sung kết quả kiểm nghiệm định kỳ.",
    "Chất lượng ổn định, kênh phân phối còn hẹp.",
    "Nguyên liệu địa phương, sử dụng nhiều lao động nữ; nên đăng ký nhãn hiệu.",
    "Thiết kế đẹp, đặc trưng vùng miền; cần chuẩn hoá quy trình sản xuất.",
)
KNOCK_OUT_COMMENT = "Giấy chứng nhận đăng ký kinh doanh trong hồ sơ không khớp với chủ thể đứng tên sản phẩm."
SITE_VISIT = (
    "Tổ tư vấn khảo sát cơ sở sản xuất: lò nung, khu vẽ men và kho thành phẩm đúng như hồ sơ; sổ theo dõi "
    "lô sản xuất ghi đầy đủ."
)

# --- texts of Mẫu 01–03 --------------------------------------------------------------------------------------

HISTORY = (
    "{producer} thành lập năm {year} tại {commune}. {product} là sản phẩm chủ lực, được làm từ nguyên liệu "
    "của địa phương theo cách làm truyền thống của làng nghề."
)
BUSINESS_RESULTS = (
    "Năm {last_year}: sản lượng {volume} sản phẩm, doanh thu {revenue} triệu đồng, {workers} lao động thường "
    "xuyên; sản phẩm có mặt tại các cửa hàng OCOP và sàn thương mại điện tử."
)
BUSINESS_PLAN = (
    "Giai đoạn {next_year}–{plan_year}: mở rộng vùng nguyên liệu, cải tiến bao bì, gắn tem truy xuất nguồn gốc "
    "và tham gia các hội chợ xúc tiến thương mại trong và ngoài nước."
)
CHANGES = "Từ khi được công nhận: đổi mới bao bì, được cấp mã số mã vạch, có thêm hai hợp đồng phân phối."
COMMUNE_REVIEW = {
    "local_raw_materials": "Trên 70% nguyên liệu mua của các hộ trong xã.",
    "local_labour": "Sử dụng {workers} lao động địa phương, phần lớn là lao động nữ.",
    "idea_origin": "Ý tưởng sản phẩm từ nghề truyền thống của địa phương.",
    "local_identity": "Sản phẩm mang nét đặc trưng của làng nghề {commune}.",
    "report": "Hồ sơ đầy đủ theo quy định. UBND xã đề nghị cơ quan OCOP cấp tỉnh tổ chức đánh giá, phân hạng.",
}

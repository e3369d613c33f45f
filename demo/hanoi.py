"""Demo producers of Hà Nội and their products: (name, criteria set number, specification)."""

from .data import ASSOCIATION, CENTRE, COOP, FARM, GROUP, HOUSEHOLD, JSC, LLC, PRIVATE, SME, ProducerSpec

P = ProducerSpec

PRODUCERS = (
    P(
        "Hợp tác xã Nông nghiệp và Dịch vụ Phú Nghĩa", COOP, "phunghia", "Thôn Phú Vinh",
        login="htx.phunghia", raw_material="Vùng trồng gừng và rau an toàn 15 ha tại xã Phú Nghĩa",
        products=(
            ("Mứt gừng Phú Nghĩa", 7, "Hộp 250 g và 500 g"),
            ("Gừng sấy dẻo Phú Nghĩa", 7, "Túi 200 g"),
            ("Trà gừng mật ong Phú Nghĩa", 12, "Hộp 20 gói × 10 g"),
            ("Rau cải ngọt an toàn Phú Nghĩa", 1, "Bó 500 g"),
        ),
    ),
    P(
        "Tổ hợp tác Mây tre đan Phú Vinh", GROUP, "old.phunghia", "Thôn Phú Vinh",
        raw_material="Song, mây, giang từ các tỉnh miền núi phía Bắc",
        products=(
            ("Giỏ mây đan Phú Vinh", 21, "Bộ 3 chiếc, đường kính 20–30 cm"),
            ("Đèn mây tre Phú Vinh", 21, "Cao 40 cm"),
            ("Khay mây hình bầu dục Phú Vinh", 21, "40 × 28 cm"),
        ),
    ),
    P(
        "Công ty TNHH Mây tre đan xuất khẩu Phú Vinh", SME, "phunghia", "Thôn Phú Vinh", form=LLC, local_capital=65,
        raw_material="Mây, tre, lục bình thu mua của các hộ trong làng nghề",
        products=(("Bình hoa mây giả cổ", 21, "Cao 35 cm"), ("Hộp đựng đồ mây tre", 21, "Bộ 2 chiếc")),
    ),
    P("Hộ kinh doanh Bánh tẻ {rep}", HOUSEHOLD, "phunghia", "Thôn Đồng Củ", status="pending"),
    P("Hộ kinh doanh {rep}", HOUSEHOLD, "phunghia", "Thôn Chúc Sơn", status="rejected"),
    P(
        "Hợp tác xã Nông sản sạch Chương Mỹ", COOP, "chuongmy", "Tổ dân phố Bắc Sơn",
        raw_material="Trại nấm và đàn gà thả vườn của các xã viên tại Chương Mỹ",
        products=(
            ("Nấm sò tươi Chương Mỹ", 1, "Hộp 300 g"),
            ("Nấm linh chi sấy khô Chương Mỹ", 20, "Hộp 250 g"),
            ("Trứng gà ri Chương Mỹ", 2, "Hộp 10 quả"),
        ),
    ),
    P(
        "Công ty Cổ phần Gốm sứ Bát Tràng Hà Nội", SME, "battrang", "Xóm 3, thôn Bát Tràng", form=JSC,
        local_capital=40, login="gom.battrang", raw_material="Đất sét trắng, cao lanh và men tự pha",
        products=(
            ("Bình gốm men lam Bát Tràng", 21, "Cao 30 cm"),
            ("Bộ ấm chén men rạn Bát Tràng", 21, "Bộ 1 ấm, 6 chén"),
            ("Lọ hoa men hoa biến Bát Tràng", 21, "Cao 25 cm"),
            ("Đĩa sứ vẽ tay Bát Tràng", 21, "Đường kính 28 cm"),
        ),
    ),
    P(
        "Hợp tác xã Gốm sứ Giang Cao", COOP, "battrang", "Thôn Giang Cao",
        raw_material="Đất sét, cao lanh mua từ Phú Thọ và Quảng Ninh",
        products=(
            ("Bộ bát đĩa gốm men lam Giang Cao", 21, "Bộ 10 món"),
            ("Chum gốm men nâu Giang Cao", 21, "Dung tích 20 lít"),
        ),
    ),
    P(
        "Trung tâm Điều hành du lịch làng gốm Bát Tràng", CENTRE, "battrang", "Chợ gốm, thôn Bát Tràng",
        products=(
            ("Du lịch trải nghiệm làng gốm Bát Tràng", 26, "Tour nửa ngày, nhóm 2–30 khách"),
            ("Tuyến du lịch đường sông Bát Tràng – Long Biên", 26, "Tour 1 ngày"),
        ),
    ),
    P("Công ty TNHH Thực phẩm sạch Bát Tràng", SME, "battrang", "Thôn Kim Lan", form=LLC, local_capital=90,
      status="pending"),
    P(
        "Hộ kinh doanh Lụa tơ tằm {rep}", HOUSEHOLD, "old.vanphuc", "Số 12 phố Vạn Phúc", login="lua.vanphuc",
        raw_material="Tơ tằm nguyên chất từ vùng dâu Nam Định và Lâm Đồng",
        products=(
            ("Lụa tơ tằm Vạn Phúc", 22, "Khổ 90 cm, cuộn 30 m"),
            ("Khăn lụa vân hoa Vạn Phúc", 22, "180 × 50 cm"),
            ("Áo dài lụa Vạn Phúc", 22, "May đo theo số đo"),
        ),
    ),
    P(
        "Hợp tác xã Dệt lụa Vạn Phúc", COOP, "hadong", "Tổ dân phố 1, Vạn Phúc",
        raw_material="Tơ tằm nguyên chất và tơ pha sợi tự nhiên",
        products=(("Lụa tơ tằm dệt hoa văn Vạn Phúc", 22, "Khổ 90 cm"), ("Cà vạt lụa Vạn Phúc", 22, "Hộp 1 chiếc")),
    ),
    P(
        "Hộ kinh doanh Vườn đào {rep}", HOUSEHOLD, "old.nhattan", "Xóm Chùa, Nhật Tân",
        products=(
            ("Cành đào Nhật Tân", 23, "Cành cao 1,2–1,8 m"),
            ("Đào thế bonsai Nhật Tân", 24, "Chậu cao 0,8–1,5 m"),
        ),
    ),
    P(
        "Tổ hợp tác Hoa Tây Tựu", GROUP, "taytuu", "Tổ dân phố Đăm",
        raw_material="Vùng hoa 20 ha trên đất bãi Tây Tựu",
        products=(
            ("Hoa hồng Tây Tựu", 23, "Bó 20 cành"),
            ("Hoa ly Tây Tựu", 23, "Bó 10 cành"),
            ("Trà hoa cúc Tây Tựu", 12, "Hộp 50 g"),
        ),
    ),
    P(
        "Hợp tác xã Hoa hồng Mê Linh", COOP, "melinh", "Thôn Hạ Lôi",
        raw_material="Vùng hoa hồng 30 ha tại Mê Linh",
        products=(("Hoa hồng cổ Mê Linh", 23, "Bó 20 cành"), ("Hồng leo chậu Mê Linh", 24, "Chậu cao 60 cm")),
    ),
    P(
        "Hộ kinh doanh Xôi {rep}", HOUSEHOLD, "phuthuong", "Ngõ 1 Phú Gia",
        raw_material="Gạo nếp cái hoa vàng Đông Anh, đỗ xanh, gấc",
        products=(("Xôi Phú Thượng", 6, "Hộp 300 g"), ("Bánh chưng Phú Thượng", 5, "Chiếc 1 kg")),
    ),
    P(
        "Hộ kinh doanh Cốm làng Vòng {rep}", HOUSEHOLD, "old.dichvonghau", "Ngõ 41 Trần Đăng Ninh",
        raw_material="Lúa nếp non thu mua tại Mễ Trì và Đông Anh",
        products=(
            ("Cốm làng Vòng", 6, "Gói lá sen 200 g"),
            ("Chả cốm làng Vòng", 8, "Hộp 500 g"),
            ("Bánh cốm làng Vòng", 6, "Hộp 6 chiếc"),
        ),
    ),
    P(
        "Hợp tác xã Dịch vụ du lịch Hương Sơn", COOP, "huongson", "Thôn Yến Vĩ",
        raw_material="Vườn mơ lông 40 ha quanh khu danh thắng Hương Sơn",
        products=(
            ("Tuyến đò suối Yến – chùa Hương", 26, "Tour 1 ngày"),
            ("Mơ muối Hương Sơn", 7, "Hũ 500 g"),
            ("Rượu mơ Hương Sơn", 15, "Chai 500 ml"),
        ),
    ),
    P(
        "Công ty TNHH Nông sản Hương Tích", SME, "huongson", "Thôn Đục Khê", form=LLC, local_capital=80,
        raw_material="Mơ lông, rau sắng và gừng của vùng núi Hương Sơn",
        products=(
            ("Nước cốt mơ Hương Sơn", 17, "Chai 330 ml"),
            ("Ô mai mơ gừng Hương Sơn", 7, "Hộp 300 g"),
            ("Rau sắng chùa Hương", 1, "Túi 300 g"),
        ),
    ),
    P(
        "Hợp tác xã Chè Ba Vì", COOP, "bavi", "Thôn Chóng",
        raw_material="Đồi chè 60 ha dưới chân núi Ba Vì, thu hái một tôm hai lá",
        products=(
            ("Chè búp Ba Vì", 11, "Túi 200 g"),
            ("Chè xanh móc câu Ba Vì", 11, "Hộp 500 g"),
            ("Trà giảo cổ lam Ba Vì", 12, "Hộp 200 g"),
        ),
    ),
    P(
        "Công ty Cổ phần Chăn nuôi bò sữa Tản Viên", SME, "bavi", "Thôn Mít", form=JSC, local_capital=55,
        raw_material="Đàn bò sữa 900 con của các hộ liên kết ở Ba Vì",
        products=(
            ("Sữa bò tươi thanh trùng Tản Viên", 2, "Chai 1 lít"),
            ("Sữa chua Tản Viên", 8, "Hộp 100 g"),
            ("Bánh sữa Tản Viên", 8, "Hộp 200 g"),
        ),
    ),
    P(
        "Hộ kinh doanh Thuốc nam người Dao {rep}", HOUSEHOLD, "bavi", "Thôn Yên Sơn", ethnicity="Dao",
        raw_material="Cây thuốc trồng và thu hái dưới tán rừng Ba Vì",
        products=(
            ("Thuốc tắm người Dao Ba Vì", 18, "Gói 100 g"),
            ("Cao xương khớp người Dao", 18, "Lọ 200 g"),
            ("Xà phòng thảo dược Ba Vì", 19, "Bánh 100 g"),
        ),
    ),
    P(
        "Hợp tác xã Dược liệu và Nông sản Minh Quang", COOP, "old.minhquang", "Thôn Minh Hồng",
        raw_material="Vùng dược liệu 25 ha và vùng dong riềng Minh Hồng",
        products=(
            ("Tinh dầu sả chanh Ba Vì", 20, "Chai 50 ml"),
            ("Cao dây thìa canh Ba Vì", 18, "Lọ 100 g"),
            ("Dầu gội bồ kết thảo dược", 19, "Chai 300 ml"),
            ("Miến dong Minh Hồng", 6, "Túi 500 g"),
        ),
    ),
    P(
        "Công ty Cổ phần Nước uống Suối Hai", SME, "suoihai", "Thôn Đồng Sơn", form=JSC, local_capital=35,
        raw_material="Nguồn nước ngầm vùng hồ Suối Hai",
        products=(
            ("Nước uống đóng chai Suối Hai", 16, "Chai 500 ml"),
            ("Nước uống ion kiềm Suối Hai", 16, "Bình 19 lít"),
        ),
    ),
    P(
        "Hội Du lịch cộng đồng làng cổ Đường Lâm", ASSOCIATION, "sontay", "Thôn Mông Phụ",
        products=(
            ("Du lịch cộng đồng làng cổ Đường Lâm", 26, "Tour 1 ngày"),
            ("Trải nghiệm làm tương, chè lam Đường Lâm", 26, "Buổi trải nghiệm 2–3 giờ"),
        ),
    ),
    P(
        "Hộ kinh doanh Tương Đường Lâm {rep}", HOUSEHOLD, "old.duonglam", "Thôn Mông Phụ",
        raw_material="Đỗ tương, gạo nếp và nước giếng làng Đường Lâm",
        products=(
            ("Tương Đường Lâm", 9, "Chai 500 ml"),
            ("Chè lam Đường Lâm", 6, "Hộp 300 g"),
            ("Kẹo dồi lạc Đường Lâm", 7, "Gói 250 g"),
        ),
    ),
    P(
        "Trang trại Gà Mía Đường Lâm", FARM, "old.duonglam", "Thôn Cam Lâm",
        raw_material="Đàn gà Mía thuần chủng nuôi thả đồi, ăn thóc và ngô",
        products=(("Gà Mía Sơn Tây", 2, "Con 2,5–3,5 kg"), ("Gà Mía ủ muối", 8, "Con 1,2 kg")),
    ),
    P(
        "Hộ kinh doanh Tượng gỗ Sơn Đồng {rep}", HOUSEHOLD, "sondong", "Thôn Sơn Đồng",
        raw_material="Gỗ mít, gỗ vàng tâm và sơn ta",
        products=(
            ("Tượng gỗ sơn son thếp vàng Sơn Đồng", 21, "Cao 60 cm"),
            ("Hoành phi câu đối Sơn Đồng", 21, "Bộ 3 tấm"),
        ),
    ),
    P(
        "Trang trại Cá Koi An Khánh", FARM, "ankhanh", "Thôn Lại Dụ",
        raw_material="Cá bố mẹ nhập từ Niigata, Nhật Bản",
        products=(("Cá Koi Nhật thuần chủng", 25, "Con 25–40 cm"), ("Cá Koi F1 An Khánh", 25, "Con 15–25 cm")),
    ),
    P(
        "Hợp tác xã Khảm trai Chuyên Mỹ", COOP, "chuyenmy", "Thôn Chuôn Ngọ",
        raw_material="Vỏ trai, ốc xà cừ và gỗ gụ",
        products=(
            ("Tranh khảm trai Chuyên Mỹ", 21, "60 × 90 cm"),
            ("Hộp trang sức khảm trai", 21, "20 × 12 cm"),
            ("Khay trà khảm trai", 21, "35 × 25 cm"),
        ),
    ),
    P(
        "Công ty TNHH Sơn mài Hạ Thái", SME, "hongvan", "Thôn Hạ Thái", form=LLC, local_capital=100,
        raw_material="Sơn ta Phú Thọ, vỏ trứng, vàng bạc quỳ",
        products=(("Tranh sơn mài Hạ Thái", 21, "80 × 120 cm"), ("Bình sơn mài vẽ tay Hạ Thái", 21, "Cao 40 cm")),
    ),
    P(
        "Hợp tác xã Chuối tiêu hồng Hồng Vân", COOP, "hongvan", "Thôn Cơ Giang",
        raw_material="Bãi chuối 45 ha ven sông Hồng",
        products=(("Chuối tiêu hồng Hồng Vân", 1, "Nải 1,5–2,5 kg"), ("Chuối sấy dẻo Hồng Vân", 7, "Túi 250 g")),
    ),
    P(
        "Hộ kinh doanh Hương nụ {rep}", HOUSEHOLD, "old.quangphucau", "Thôn Cao Thắng",
        raw_material="Tre vầu, bột quế, bột trầm",
        products=(
            ("Hương nụ trầm Quảng Phú Cầu", 21, "Hộp 100 nụ"),
            ("Hương vòng quế Quảng Phú Cầu", 21, "Hộp 24 vòng"),
        ),
    ),
    P(
        "Hợp tác xã Nông nghiệp Vân Đình", COOP, "vandinh", "Thôn Vân Đình",
        raw_material="Cánh đồng lúa nếp 80 ha và đàn vịt thả đồng",
        products=(
            ("Gạo nếp cái hoa vàng Vân Đình", 3, "Túi 2 kg"),
            ("Rượu nếp cái hoa vàng Vân Đình", 14, "Chai 500 ml"),
            ("Vịt cỏ Vân Đình", 2, "Con 1,6–2 kg"),
        ),
    ),
    P(
        "Doanh nghiệp tư nhân Giò chả Ước Lễ", SME, "danhoa", "Thôn Ước Lễ", form=PRIVATE, local_capital=100,
        raw_material="Thịt lợn nóng giết mổ trong ngày, nước mắm cốt",
        products=(
            ("Giò lụa Ước Lễ", 8, "Cây 500 g"),
            ("Chả quế Ước Lễ", 8, "Cây 500 g"),
            ("Nem rán Ước Lễ", 5, "Hộp 20 chiếc"),
        ),
    ),
    P(
        "Hợp tác xã Miến dong Cự Đà", COOP, "old.cukhe", "Thôn Cự Đà",
        raw_material="Tinh bột dong riềng từ Bắc Kạn và Hòa Bình",
        products=(("Miến dong Cự Đà", 6, "Túi 500 g"), ("Tương Cự Đà", 9, "Chai 1 lít")),
    ),
    P(
        "Công ty TNHH Cà phê Cổ Loa", SME, "donganh", "Thôn Cổ Loa", form=LLC, local_capital=30,
        raw_material="Cà phê Arabica Sơn La và ca cao Đắk Lắk",
        products=(
            ("Cà phê Arabica rang mộc Cổ Loa", 13, "Túi 500 g"),
            ("Cà phê phin giấy Cổ Loa", 13, "Hộp 10 túi"),
            ("Bột ca cao nguyên chất Cổ Loa", 13, "Hũ 250 g"),
        ),
    ),
    P(
        "Hợp tác xã Ong mật Sóc Sơn", COOP, "socson", "Thôn Đông Xuân",
        raw_material="1.200 đàn ong nội di chuyển theo mùa hoa nhãn, vải và bạc hà",
        products=(
            ("Mật ong hoa nhãn Sóc Sơn", 4, "Chai 500 ml"),
            ("Mật ong bạc hà", 4, "Chai 350 ml"),
            ("Sữa ong chúa Sóc Sơn", 8, "Lọ 100 g"),
            ("Viên nghệ mật ong Sóc Sơn", 18, "Hộp 200 g"),
        ),
    ),
    P(
        "Hợp tác xã Bưởi Diễn Phúc Thọ", COOP, "phucloc", "Thôn Vân Phúc",
        raw_material="Vườn bưởi Diễn 70 ha trên đất bãi sông Hồng",
        products=(("Bưởi Diễn Phúc Thọ", 1, "Quả 1–1,5 kg"), ("Tinh dầu vỏ bưởi Phúc Thọ", 20, "Chai 30 ml")),
    ),
    P("Tổ hợp tác Chổi chít Quảng Oai", GROUP, "quangoai", "Thôn Phú Xuyên", status="pending"),
)  # fmt: skip

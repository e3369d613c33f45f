"""Demo producers of Ninh Bình (with the former Hà Nam and Nam Định) and their products:
(name, criteria set number, specification)."""

from .data import ASSOCIATION, CENTRE, COOP, FARM, GROUP, HOUSEHOLD, JSC, LLC, PRIVATE, SME, ProducerSpec

P = ProducerSpec

PRODUCERS = (
    P(
        "Trung tâm Điều hành du lịch Tam Cốc – Bích Động", CENTRE, "namhoalu", "Thôn Văn Lâm",
        login="dulich.tamcoc",
        products=(
            ("Tuyến thuyền Tam Cốc – Bích Động", 26, "Tour 2–3 giờ, thuyền 4 khách"),
            ("Đạp xe khám phá làng quê Tam Cốc", 26, "Tour nửa ngày"),
        ),
    ),
    P(
        "Hiệp hội Du lịch cộng đồng Vân Long", ASSOCIATION, "giavan", "Thôn Tập Ninh",
        products=(
            ("Du lịch sinh thái đầm Vân Long", 26, "Tour 1 ngày, thuyền 2 khách"),
            ("Homestay làng quê Gia Vân", 26, "Phòng 2 khách/đêm, kèm bữa sáng"),
        ),
    ),
    P(
        "Hộ kinh doanh Thêu ren Văn Lâm {rep}", HOUSEHOLD, "old.ninhhai", "Thôn Văn Lâm",
        raw_material="Vải lanh, vải tơ tằm và chỉ thêu màu",
        products=(
            ("Tranh thêu tay Văn Lâm", 22, "40 × 60 cm"),
            ("Khăn trải bàn thêu ren Văn Lâm", 22, "150 × 220 cm"),
            ("Áo thêu tay Văn Lâm", 22, "Cỡ S–XL"),
        ),
    ),
    P("Hộ kinh doanh Bánh cuốn {rep}", HOUSEHOLD, "namhoalu", "Thôn Đam Khê", status="pending"),
    P(
        "Hợp tác xã Đá mỹ nghệ Ninh Vân", COOP, "old.ninhvan", "Thôn Xuân Vũ",
        raw_material="Đá xanh khai thác hợp pháp tại Ninh Bình và Thanh Hóa",
        products=(("Tượng đá mỹ nghệ Ninh Vân", 21, "Cao 50 cm"), ("Đèn đá sân vườn Ninh Vân", 21, "Cao 80 cm")),
    ),
    P(
        "Công ty Cổ phần Cơm cháy Hoa Lư", SME, "hoalu", "Phố Tân Thành", form=JSC, local_capital=45,
        raw_material="Gạo tẻ và thịt dê núi của các hộ liên kết ở Hoa Lư, Nho Quan",
        products=(
            ("Cơm cháy chà bông Ninh Bình", 6, "Gói 200 g"),
            ("Cơm cháy mắm hành Ninh Bình", 6, "Hộp 500 g"),
            ("Chả dê Ninh Bình", 8, "Hộp 500 g"),
        ),
    ),
    P(
        "Trang trại Dê núi Tràng An", FARM, "tayhoalu", "Thôn Trường An",
        raw_material="Đàn dê núi 600 con chăn thả trên núi đá vôi",
        products=(("Thịt dê núi Ninh Bình", 2, "Túi 1 kg"), ("Dê tái chanh đóng gói Tràng An", 8, "Hộp 300 g")),
    ),
    P(
        "Công ty TNHH Rượu Kim Sơn", SME, "kimson", "Xóm 5, Kim Sơn", form=LLC, local_capital=70,
        login="ruou.kimson", raw_material="Gạo nếp của vùng đất lấn biển Kim Sơn, men lá gia truyền",
        products=(
            ("Rượu Kim Sơn", 14, "Chai 500 ml, 29,5 % vol"),
            ("Rượu Kim Sơn ngâm ba kích", 15, "Chai 750 ml"),
            ("Rượu nếp cái hoa vàng Kim Sơn", 14, "Bình gốm 2 lít"),
        ),
    ),
    P("Tổ hợp tác Dệt chiếu Kim Sơn", GROUP, "kimson", "Xóm 9, Kim Sơn", status="pending"),
    P(
        "Hợp tác xã Cói mỹ nghệ Kim Chính", COOP, "old.kimchinh", "Xóm 3, Kim Chính",
        raw_material="Cói bãi bồi ven biển Kim Sơn",
        products=(
            ("Thảm cói Kim Sơn", 21, "160 × 230 cm"),
            ("Túi cói thêu hoa Kim Sơn", 21, "35 × 30 cm"),
            ("Hộp cói đựng đồ Kim Sơn", 21, "Bộ 3 chiếc"),
        ),
    ),
    P(
        "Tổ hợp tác Cói Phát Diệm", GROUP, "phatdiem", "Phố Phát Diệm Đông",
        raw_material="Cói bãi bồi ven biển Kim Sơn",
        products=(("Giỏ cói Phát Diệm", 21, "Bộ 3 chiếc"), ("Dép cói Phát Diệm", 21, "Cỡ 36–43")),
    ),
    P(
        "Hợp tác xã Du lịch sinh thái bản Mường Cúc Phương", COOP, "cucphuong", "Bản Đồng Tâm", ethnicity="Mường",
        raw_material="Gạo nếp nương và cây thuốc của đồng bào Mường",
        products=(
            ("Du lịch cộng đồng bản Mường Cúc Phương", 26, "Tour 2 ngày 1 đêm"),
            ("Rượu cần người Mường Cúc Phương", 15, "Bình 2 lít"),
            ("Cao lá thuốc rừng Cúc Phương", 18, "Lọ 150 g"),
        ),
    ),
    P(
        "Hợp tác xã Dược liệu Nho Quan", COOP, "nhoquan", "Thôn Tân Nhuận",
        raw_material="Vùng trồng đinh lăng và sả chanh 35 ha đạt GACP",
        products=(
            ("Tinh dầu sả chanh Nho Quan", 20, "Chai 50 ml"),
            ("Trà đinh lăng Nho Quan", 12, "Hộp 20 túi lọc"),
            ("Cao đinh lăng Nho Quan", 18, "Lọ 200 g"),
        ),
    ),
    P("Trang trại Gà đồi Nho Quan", FARM, "nhoquan", "Thôn Đồng Bài", status="pending"),
    P(
        "Công ty Cổ phần Thực phẩm Đồng Giao", SME, "tamdiep", "Tổ dân phố 3, Tam Điệp", form=JSC, local_capital=35,
        raw_material="Vùng dứa Queen 400 ha trên đồi Đồng Giao",
        products=(
            ("Dứa Queen Đồng Giao", 1, "Quả 0,8–1,2 kg"),
            ("Nước ép dứa Đồng Giao", 17, "Lon 330 ml"),
            ("Dứa sấy dẻo Đồng Giao", 7, "Túi 200 g"),
        ),
    ),
    P(
        "Công ty TNHH Nước khoáng Kênh Gà", SME, "giavien", "Thôn Kênh Gà", form=LLC, local_capital=51,
        raw_material="Mỏ nước khoáng nóng Kênh Gà",
        products=(
            ("Nước khoáng thiên nhiên Kênh Gà", 16, "Chai 500 ml"),
            ("Nước khoáng có ga Kênh Gà", 16, "Chai thủy tinh 330 ml"),
        ),
    ),
    P(
        "Hộ kinh doanh Nem chua Yên Mạc {rep}", HOUSEHOLD, "yenmac", "Thôn Yên Thượng",
        raw_material="Thịt lợn nạc, bì lợn, thính gạo và lá đinh lăng",
        products=(("Nem chua Yên Mạc", 8, "Chục 10 chiếc"), ("Nem chua rán Yên Mạc", 5, "Hộp 500 g")),
    ),
    P(
        "Hợp tác xã Nước mắm Giao Thủy", COOP, "giaothuy", "Tổ dân phố Hoành Nha",
        raw_material="Cá cơm, cá nục đánh bắt ở vùng biển Giao Thủy, muối Bạch Long",
        products=(
            ("Nước mắm cốt Giao Thủy", 9, "Chai 500 ml, 30 độ đạm"),
            ("Mắm tôm Giao Thủy", 9, "Hũ 250 g"),
            ("Ngao Giao Thủy", 2, "Túi 1 kg"),
        ),
    ),
    P(
        "Tổ hợp tác Muối Bạch Long", GROUP, "old.bachlong", "Xóm 10, Bạch Long",
        raw_material="Đồng muối phơi cát 25 ha ven biển Bạch Long",
        products=(("Muối biển Bạch Long", 10, "Túi 1 kg"), ("Muối vừng lạc Bạch Long", 10, "Hũ 200 g")),
    ),
    P(
        "Hợp tác xã Gạo tám xoan Hải Hậu", COOP, "haihau", "Xóm 2, Hải Hậu",
        raw_material="Cánh đồng lúa tám xoan 150 ha tại Hải Hậu",
        products=(
            ("Gạo tám xoan Hải Hậu", 3, "Túi 5 kg"),
            ("Gạo nếp cái hoa vàng Hải Hậu", 3, "Túi 2 kg"),
            ("Bánh nhãn Hải Hậu", 6, "Hộp 250 g"),
        ),
    ),
    P(
        "Công ty TNHH Kẹo Sìu Châu Nam Định", SME, "namdinh", "Số 15 phố Hàng Sắt", form=PRIVATE,
        local_capital=100, raw_material="Lạc, vừng, mạch nha của nông dân Nam Định",
        products=(("Kẹo Sìu Châu", 7, "Hộp 300 g"), ("Kẹo lạc vừng Nam Định", 7, "Hộp 250 g")),
    ),
    P(
        "Hộ kinh doanh Bánh đa nem Chợ Sàng {rep}", HOUSEHOLD, "old.mytan", "Thôn Chợ Sàng",
        raw_material="Gạo tẻ Khang Dân của đồng ruộng Mỹ Lộc",
        products=(("Bánh đa nem làng Chợ Sàng", 6, "Tập 200 g"), ("Bánh phở khô Chợ Sàng", 6, "Túi 500 g")),
    ),
    P(
        "Trang trại Cây cảnh Vị Khê", FARM, "old.namdien", "Thôn Vị Khê",
        products=(
            ("Cây cảnh nghệ thuật Vị Khê", 24, "Chậu cao 1–1,5 m"),
            ("Hoa lan hồ điệp Vị Khê", 23, "Chậu 5 cành"),
            ("Cây thế mini Vị Khê", 24, "Chậu để bàn cao 20–30 cm"),
        ),
    ),
    P(
        "Hợp tác xã Nông nghiệp Đại Hoàng", COOP, "old.hoahau", "Thôn Vũ Đại",
        raw_material="Vùng chuối ngự 30 ha trên đất bãi sông Châu",
        products=(
            ("Chuối ngự Đại Hoàng", 1, "Nải 1–1,5 kg"),
            ("Cá kho làng Vũ Đại", 8, "Niêu đất 1,2 kg"),
            ("Chuối ngự sấy dẻo Đại Hoàng", 7, "Túi 200 g"),
        ),
    ),
    P(
        "Hộ kinh doanh Trống Đọi Tam {rep}", HOUSEHOLD, "tienson", "Thôn Đọi Tam",
        raw_material="Da trâu, gỗ mít",
        products=(("Trống da trâu Đọi Tam", 21, "Mặt trống 60 cm"), ("Trống múa lân Đọi Tam", 21, "Mặt trống 40 cm")),
    ),
    P(
        "Trang trại Ong mật Tam Chúc", FARM, "old.basao", "Thôn Đồng Sơn",
        raw_material="600 đàn ong nội quanh núi đá vôi Tam Chúc",
        products=(("Mật ong rừng Tam Chúc", 4, "Chai 500 ml"), ("Mật ong hoa nhãn Kim Bảng", 4, "Chai 350 ml")),
    ),
)  # fmt: skip

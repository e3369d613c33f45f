from django.urls import path

from .views import buyers, calendar, events, records, shelf

app_name = "market"

urlpatterns = [
    path("su-kien/<str:code>/", events.event, name="event"),
    path("su-kien/<str:code>/dang-ky/", events.apply, name="apply"),
    path("su-kien/<str:code>/moi/", events.invite, name="invite"),
    path("su-kien/<str:code>/ket-qua/", events.outcome, name="outcome"),
    path("su-kien/<str:code>/<str:participation>/duyet/", events.decide, name="decide"),
    path("su-kien/<str:code>/<str:participation>/tra-loi/", events.answer, name="answer"),
    path("diem-ban/", records.sales_point_list, name="sales_points"),
    path("diem-ban/them/", records.sales_point_form, name="sales_point_create"),
    path("diem-ban/<str:code>/", records.sales_point_detail, name="sales_point"),
    path("diem-ban/<str:code>/sua/", records.sales_point_form, name="sales_point_edit"),
    path("diem-ban/<str:code>/san-pham/them/", shelf.add_product, name="shelf_add"),
    path("diem-ban/<str:code>/san-pham/<str:product>/bo/", shelf.remove_product, name="shelf_remove"),
    path("diem-ban/<str:code>/tai-khoan/", shelf.grant_access, name="sales_point_grant"),
    path("diem-ban/<str:code>/tai-khoan/<str:username>/bo/", shelf.remove_access, name="sales_point_revoke"),
    path("san-pham/<str:code>/gian-hang/", records.product_listings, name="listings"),
    path("gian-hang/<str:code>/bo/", records.listing_remove, name="listing_remove"),
    path("thoa-thuan/", records.agreement_list, name="agreements"),
    path("thoa-thuan/them/", records.agreement_create, name="agreement_create"),
    path("thoa-thuan/<str:code>/xoa/", records.agreement_delete, name="agreement_delete"),
    path("ben-mua/dang-ky/", buyers.register, name="buyer_register"),
    path("ben-mua/", buyers.buyer_list, name="buyers"),
    path("ben-mua/<str:code>/", buyers.buyer_detail, name="buyer"),
    path("ben-mua/<str:code>/xac-minh/", buyers.buyer_verify, name="buyer_verify"),
    path("nhu-cau/", buyers.demand_list, name="demands"),
    path("nhu-cau/them/", buyers.demand_form, name="demand_create"),
    path("nhu-cau/<str:code>/", buyers.demand_detail, name="demand"),
    path("nhu-cau/<str:code>/sua/", buyers.demand_form, name="demand_edit"),
    path("nhu-cau/<str:code>/ket-thuc/", buyers.demand_end, name="demand_end"),
    path("nhu-cau/<str:code>/chao-hang/", buyers.demand_answer, name="demand_answer"),
    path("nhu-cau/<str:code>/lien-he/<str:producer>/", buyers.contact, name="contact"),
    path("nhu-cau/<str:code>/trao-doi/<str:conversation>/", buyers.conversation, name="conversation"),
    path("san-pham/<str:code>/chung-nhan/", records.product_certifications, name="certifications"),
]

public_urlpatterns = [
    path("", calendar.calendar, name="calendar"),
    path("lich.ics", calendar.feed, name="feed"),
    path("<str:code>/", calendar.public_event, name="public_event"),
]

app_name = "stamps"
urlpatterns = []

app_name = "producers"
urlpatterns = []

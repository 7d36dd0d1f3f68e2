from django.urls import path

from quartier.lottery.views import public, registration

app_name = "lottery_public"

urlpatterns = [
    path("los/", registration.code_entry, name="code"),
    path("los/<str:code>", registration.register_by_code, name="register"),
    path(
        "lotterie/<slug:org_slug>/<slug:process_slug>/",
        public.process_draws,
        name="process_draws",
    ),
    path("lotterie/<uuid:public_id>/", public.transparency, name="transparency"),
    path("lotterie/<uuid:public_id>/audit.json", public.audit_json, name="audit"),
    path("lotterie/<uuid:public_id>/pool.csv", public.pool_csv, name="pool"),
    path("lotterie/<uuid:public_id>/quotas.csv", public.quotas_csv, name="quotas"),
]

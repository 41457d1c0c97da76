# Time zones as LLM answers convert them: the IANA database is mounted
# read-only at /usr/share/zoneinfo, DST transitions included.
from zoneinfo import ZoneInfo, available_timezones
from datetime import datetime, timezone
t = datetime(2024, 7, 1, 12, tzinfo=timezone.utc)
for name in ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe"]:
    print(name, t.astimezone(ZoneInfo(name)).isoformat(), t.astimezone(ZoneInfo(name)).tzname())
print(datetime(2024, 3, 10, 1, 59, tzinfo=ZoneInfo("America/New_York")).utcoffset())
print(datetime(2024, 3, 10, 3, 0, tzinfo=ZoneInfo("America/New_York")).utcoffset())
print(len(available_timezones()) > 400)

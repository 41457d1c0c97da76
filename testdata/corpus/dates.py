from datetime import date, datetime, timedelta

start = date(2024, 1, 31)
for months in range(1, 4):
    # naive "add a month": clamp to the last day of the month
    year = start.year + (start.month - 1 + months) // 12
    month = (start.month - 1 + months) % 12 + 1
    day = min(start.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    print(date(year, month, day).isoformat())

deadline = datetime(2024, 3, 10, 17, 30)
print("weekday:", deadline.strftime("%A"))
print("in 90 minutes:", (deadline + timedelta(minutes=90)).isoformat(timespec="minutes"))
print("days between:", (date(2024, 12, 25) - date(2024, 2, 29)).days)

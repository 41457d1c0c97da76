from decimal import Decimal, ROUND_HALF_UP

prices = [Decimal("19.99"), Decimal("5.01"), Decimal("0.10"), Decimal("0.20")]
subtotal = sum(prices)
tax = (subtotal * Decimal("0.0825")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
print("subtotal:", subtotal)
print("tax:", tax)
print("total:", subtotal + tax)
print("float would say:", 0.1 + 0.2)
print("decimal says:", Decimal("0.1") + Decimal("0.2"))

from dataclasses import dataclass, field, asdict


@dataclass(order=True)
class Item:
    price: float
    name: str = field(compare=False)
    tags: list[str] = field(default_factory=list, compare=False)


items = [Item(3.5, "pen", ["office"]), Item(1.25, "eraser"), Item(12.0, "stapler", ["office", "metal"])]
for item in sorted(items):
    print(f"{item.name:<8} {item.price:>6.2f}")
print(asdict(max(items)))

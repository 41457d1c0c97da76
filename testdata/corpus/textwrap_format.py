import textwrap

quote = ("Beautiful is better than ugly. Explicit is better than implicit. "
         "Simple is better than complex. Complex is better than complicated.")
for line in textwrap.wrap(quote, width=40):
    print(f"| {line:<40} |")
print(f"{'total':>10}: {1234567.891:,.2f}")
print(f"{255:#x} {255:#o} {255:#b} {0.5:.1%}")

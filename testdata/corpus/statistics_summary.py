# Summary statistics for a list of exam scores.
import statistics

scores = [72, 85, 91, 64, 85, 78, 99, 58, 85, 70]

print(f"count:  {len(scores)}")
print(f"mean:   {statistics.mean(scores):.2f}")
print(f"median: {statistics.median(scores)}")
print(f"mode:   {statistics.mode(scores)}")
print(f"stdev:  {statistics.stdev(scores):.3f}")
print(f"quartiles: {statistics.quantiles(scores, n=4)}")

# Statistics on a list. Watch the fuel gauge: importing statistics alone
# costs ~335M of the default 400M units. Try the "tiny" preset to see it stop.
import statistics

temps = [21.5, 23.1, 19.8, 25.4, 22.0, 24.7, 20.3, 23.9]
print("mean  ", round(statistics.mean(temps), 2))
print("median", statistics.median(temps))
print("stdev ", round(statistics.stdev(temps), 2))

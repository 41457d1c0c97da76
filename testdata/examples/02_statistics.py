# Statistics on a list. The standard library comes preloaded, so importing
# statistics is nearly free: the whole run takes ~5M units of fuel, where
# the import alone once took ~335M. Even the "tiny" preset (F3) runs it.
import statistics

temps = [21.5, 23.1, 19.8, 25.4, 22.0, 24.7, 20.3, 23.9]
print("mean  ", round(statistics.mean(temps), 2))
print("median", statistics.median(temps))
print("stdev ", round(statistics.stdev(temps), 2))

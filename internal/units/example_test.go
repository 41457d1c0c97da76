package units_test

import (
	"flag"
	"fmt"
	"time"

	"github.com/pyplay/pyplay/internal/units"
)

func ExampleParseSize() {
	for _, s := range []string{"128MiB", "64 MiB", "1.5GiB", "10MB", "12XB"} {
		n, err := units.ParseSize(s)
		fmt.Println(n, err)
	}
	// Output:
	// 134217728 <nil>
	// 67108864 <nil>
	// 1610612736 <nil>
	// 10000000 <nil>
	// 0 invalid size "12XB": use a number with an optional unit such as 64MiB, 512KiB, 1GiB
}

func ExampleFormatSize() {
	fmt.Println("peak", units.FormatSize(24536678))
	fmt.Println(units.FormatSize(128 << 20))
	fmt.Println(units.FormatSize(900))
	// Output:
	// peak 23.4 MiB
	// 128 MiB
	// 900 B
}

func ExampleSize() {
	fs := flag.NewFlagSet("pyplay", flag.ContinueOnError)
	mem := units.Size(128 << 20)
	fs.Var(&mem, "memory", "guest memory limit")
	fs.Parse([]string{"-memory", "256MiB"})
	fmt.Println(mem, int64(mem))
	// Output: 256 MiB 268435456
}

func ExampleFormatElapsed() {
	for _, d := range []time.Duration{7 * time.Millisecond, 866 * time.Millisecond, 3500 * time.Millisecond, 61200 * time.Millisecond} {
		fmt.Println(units.FormatElapsed(d))
	}
	// Output:
	// 7 ms
	// 866 ms
	// 3.50 s
	// 61.20 s
}

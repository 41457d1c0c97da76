package themes

import (
	"image/color"
	"reflect"
	"testing"
)

func TestEveryThemeDefinesEveryRole(t *testing.T) {
	palettes := []Palette{Default(false), NoColor()}
	for _, name := range Names() {
		p, err := ByName(name, true)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != name {
			t.Errorf("ByName(%q).Name = %q", name, p.Name)
		}
		palettes = append(palettes, p)
	}
	colorType := reflect.TypeOf((*color.Color)(nil)).Elem()
	for _, p := range palettes {
		v := reflect.ValueOf(p)
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Type == colorType && v.Field(i).IsNil() {
				t.Errorf("theme %s does not define %s", p.Name, f.Name)
			}
		}
	}
}

func TestByNameAndNext(t *testing.T) {
	if _, err := ByName("nope", true); err == nil || err.Error() != `unknown theme "nope": choose one of default, dracula, midnight, solarized-light, paper, high-contrast` {
		t.Errorf("ByName(nope) = %v", err)
	}
	seen := map[string]bool{}
	name := DefaultName
	for range Names() {
		seen[name] = true
		name = Next(name)
	}
	if name != DefaultName || len(seen) != len(Names()) {
		t.Errorf("Next does not cycle through every theme: %v", seen)
	}
	if len(Names()) < 6 {
		t.Errorf("%d themes, want at least 6", len(Names()))
	}
}

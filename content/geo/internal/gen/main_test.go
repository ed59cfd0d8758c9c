package main

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/safepassage/safepassage/content/geo"
)

// tiny is two unit squares sharing an edge (Thailand, 764, and Myanmar, 104), a feature without an id and an islet
// that quantisation flattened to a line (Netherlands, 528).
const tiny = `{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
"arcs":[[[1,0],[0,1]], [[1,1],[-1,0],[0,-1],[1,0]], [[1,0],[1,0],[0,1],[-1,0]], [[5,5],[0,1],[0,-1]]],
"objects":{"countries":{"type":"GeometryCollection","geometries":[
 {"type":"Polygon","id":"764","arcs":[[0,1]],"properties":{"name":"Thailand"}},
 {"type":"Polygon","id":"104","arcs":[[2,-1]],"properties":{"name":"Myanmar"}},
 {"type":"Polygon","arcs":[[1]],"properties":{"name":"Nowhere"}},
 {"type":"MultiPolygon","id":"528","arcs":[[[3]]],"properties":{"name":"Flat"}}]}}}`

func TestConvertRoundTrip(t *testing.T) {
	bin, stats, err := convert([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"2 countries", "Nowhere", "Flat (too small at this resolution)"} {
		if !strings.Contains(stats, w) {
			t.Errorf("stats %q lack %q", stats, w)
		}
	}
	ix, err := geo.LoadFS(fstest.MapFS{geo.FileName: {Data: bin}})
	if err != nil {
		t.Fatalf("geo cannot read the generated file: %v", err)
	}
	if got := ix.Countries(); !slices.Equal(got, []string{"MM", "TH"}) {
		t.Errorf("Countries = %v, want [MM TH]", got)
	}
	tests := []struct {
		lat, lon float64
		want     string
	}{
		{0.5, 0.5, "TH"},
		{0.5, 1.5, "MM"},
		{0.5, 2.5, ""},
		{5.5, 5.0, ""},
	}
	for _, tt := range tests {
		if got, _ := ix.Country(tt.lat, tt.lon); got != tt.want {
			t.Errorf("Country(%v, %v) = %q, want %q", tt.lat, tt.lon, got, tt.want)
		}
	}
	again, _, err := convert([]byte(tiny))
	if err != nil || string(again) != string(bin) {
		t.Errorf("convert is not deterministic (err %v)", err)
	}
}

func TestConvertErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":    "{",
		"no objects":  `{"type":"Topology","arcs":[],"objects":{}}`,
		"arc missing": `{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]],"objects":{"countries":{"geometries":[{"type":"Polygon","id":"764","arcs":[[7]]}]}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := convert([]byte(in)); err == nil {
				t.Error("convert succeeded, want an error")
			}
		})
	}
}

// Package geo answers "which country is this point in?" offline: a user who shares their location is routed to the
// hotlines of the country they are in without any network call. It embeds the Natural Earth 1:10m country boundaries
// (public domain) from the npm package world-atlas 2.0.2 (ISC), converted by internal/gen into a compact file
// (countries.bin.gz; see README.md for source and licence), and tests points with github.com/paulmach/orb/planar.
//
// Boundaries at 1:10m are generalised (TopoJSON quantised to about 0.0036° × 0.0017°, some 400 m × 190 m): a point
// within a few hundred metres of a border can come out on the wrong side, and the caller should say so when it
// matters (for example by showing both countries' hotlines near a border).
//
// It holds no mutable state and must not import the engine (package bot), the store, locales or any channel adapter.
package geo

//go:generate go run ./internal/gen -res 10m -o countries.bin.gz

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// FileName is the boundary file inside the file system given to LoadFS.
const FileName = "countries.bin.gz"

// Files holds the embedded boundary file, FileName.
//
//go:embed countries.bin.gz
var Files embed.FS

const magic = "SPGEO1\n"

// Index finds the country of a point. It is read-only and safe for concurrent use.
type Index struct {
	countries []country // sorted by code
}

type country struct {
	code     string
	bound    orb.Bound
	polygons []polygon
}

type polygon struct {
	bound orb.Bound
	p     orb.Polygon
}

// Load reads the embedded boundaries.
func Load() (*Index, error) {
	return LoadFS(Files)
}

// LoadFS reads FileName from fsys.
func LoadFS(fsys fs.FS) (*Index, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, fmt.Errorf("load geo %s: %w", FileName, err)
	}
	ix, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("load geo %s: %w", FileName, err)
	}
	return ix, nil
}

// Country returns the ISO 3166-1 alpha-2 code of the country that contains the point (WGS 84 degrees). ok is false
// at sea, in places without an ISO code in the data (Kosovo, Somaliland, N. Cyprus ...) and for an invalid point.
// A point on a border line counts for the country whose code sorts first.
func (ix *Index) Country(lat, lon float64) (code string, ok bool) {
	if ix == nil || !validPoint(lat, lon) {
		return "", false
	}
	pt := orb.Point{lon, lat}
	for i := range ix.countries {
		c := &ix.countries[i]
		if !c.bound.Contains(pt) {
			continue
		}
		for j := range c.polygons {
			if c.polygons[j].bound.Contains(pt) && planar.PolygonContains(c.polygons[j].p, pt) {
				return c.code, true
			}
		}
	}
	return "", false
}

func validPoint(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 // false for NaN too
}

// Near returns the countries found within about radius metres of the point, sorted: the point itself and 32
// points on two circles around it (radius and radius/2) are looked up. Near a border it returns both sides, which
// covers the border's generalisation at 1:10m; a sliver of land narrower than the gap between the sampled points can
// be missed. It returns nil for an invalid point or a radius outside 0-100 km.
func (ix *Index) Near(lat, lon, radius float64) []string {
	if ix == nil || !validPoint(lat, lon) || math.IsNaN(radius) || radius < 0 || radius > 100_000 {
		return nil
	}
	var out []string
	add := func(lat, lon float64) {
		if cc, ok := ix.Country(lat, lon); ok && !slices.Contains(out, cc) {
			out = append(out, cc)
		}
	}
	add(lat, lon)
	const metresPerDegree = 111_320.0
	for _, r := range []float64{radius / 2, radius} {
		dLat := r / metresPerDegree
		dLon := dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
		for k := range 16 {
			a := float64(k) * math.Pi / 8
			add(lat+dLat*math.Sin(a), lon+dLon*math.Cos(a))
		}
	}
	slices.Sort(out)
	return out
}

// Countries returns the codes of every country in the index, sorted.
func (ix *Index) Countries() []string {
	out := make([]string, len(ix.countries))
	for i, c := range ix.countries {
		out[i] = c.code
	}
	return out
}

// reader reads the varints of the boundary file and remembers the first error.
type reader struct {
	r   *bufio.Reader
	err error
}

func (r *reader) uvarint(max uint64, what string) int {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.r)
	switch {
	case err != nil:
		r.err = fmt.Errorf("read %s: %w", what, err)
	case v > max:
		r.err = fmt.Errorf("%s %d is more than %d", what, v, max)
	}
	return int(v)
}

func (r *reader) varint(what string) int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.r)
	if err != nil {
		r.err = fmt.Errorf("read %s: %w", what, err)
	}
	return v
}

// Limits that keep a corrupt file from asking for huge allocations; the 10m file has 4,597 arcs and 238 countries.
const (
	maxArcs    = 1 << 20
	maxPoints  = 1 << 20
	maxItems   = 1 << 16
	maxCountry = 1024
)

func decode(data []byte) (*Index, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	r := &reader{r: bufio.NewReader(zr)}
	head := make([]byte, len(magic)+32)
	if _, err := io.ReadFull(r.r, head); err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return nil, errors.New("not a boundary file (bad magic)")
	}
	var tf [4]float64
	for i := range tf {
		tf[i] = math.Float64frombits(binary.LittleEndian.Uint64(head[len(magic)+8*i:]))
	}
	sx, sy, tx, ty := tf[0], tf[1], tf[2], tf[3]

	arcs := make([][]orb.Point, r.uvarint(maxArcs, "arc count"))
	for i := range arcs {
		n := r.uvarint(maxPoints, "arc length")
		if r.err == nil && n < 2 {
			r.err = fmt.Errorf("arc %d has %d points", i, n)
		}
		a := make([]orb.Point, n)
		var x, y int64
		for k := range a {
			x += r.varint("x")
			y += r.varint("y")
			a[k] = orb.Point{float64(x)*sx + tx, float64(y)*sy + ty}
		}
		arcs[i] = a
	}
	ix := &Index{countries: make([]country, r.uvarint(maxCountry, "country count"))}
	for i := range ix.countries {
		c := &ix.countries[i]
		var code [2]byte
		if r.err == nil {
			if _, err := io.ReadFull(r.r, code[:]); err != nil {
				r.err = fmt.Errorf("read country code: %w", err)
			}
		}
		c.code = string(code[:])
		if r.err == nil && (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' ||
			(i > 0 && c.code <= ix.countries[i-1].code)) {
			r.err = fmt.Errorf("country %d: bad or unsorted code %q", i, c.code)
		}
		npoly := r.uvarint(maxItems, "polygon count")
		c.bound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for range npoly {
			p := make(orb.Polygon, r.uvarint(maxItems, "ring count"))
			for k := range p {
				refs := make([]int64, r.uvarint(maxItems, "arc ref count"))
				size := 1
				for m := range refs {
					ref := r.varint("arc ref")
					idx := ref
					if idx < 0 {
						idx = ^idx
					}
					if r.err == nil && idx >= int64(len(arcs)) {
						r.err = fmt.Errorf("country %s: arc %d out of range", c.code, idx)
					}
					if r.err != nil {
						break
					}
					refs[m] = ref
					size += len(arcs[idx]) - 1
				}
				if r.err != nil {
					break
				}
				ring := make(orb.Ring, 0, size)
				for _, ref := range refs {
					if len(ring) > 0 {
						ring = ring[:len(ring)-1] // an arc starts where the previous one ended
					}
					if ref >= 0 {
						ring = append(ring, arcs[ref]...)
					} else {
						a := arcs[^ref]
						for m := len(a) - 1; m >= 0; m-- {
							ring = append(ring, a[m])
						}
					}
				}
				if r.err == nil && !ring.Closed() {
					r.err = fmt.Errorf("country %s: ring of %d points is not closed", c.code, len(ring))
				}
				p[k] = ring
			}
			if r.err != nil {
				break
			}
			if len(p) == 0 {
				r.err = fmt.Errorf("country %s: polygon without rings", c.code)
				break
			}
			b := p[0].Bound()
			c.polygons = append(c.polygons, polygon{bound: b, p: p})
			c.bound = c.bound.Union(b)
		}
		if r.err != nil {
			return nil, r.err
		}
		if len(c.polygons) == 0 {
			return nil, fmt.Errorf("country %s has no polygons", c.code)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if _, err := r.r.ReadByte(); err != io.EOF {
		return nil, errors.New("trailing data after the last country")
	}
	return ix, nil
}

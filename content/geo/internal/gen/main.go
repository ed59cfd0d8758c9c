// Command gen converts the Natural Earth country boundaries of the npm package world-atlas (TopoJSON, ISC licence,
// data in the public domain) into the compact file that package geo embeds. Run it with `go generate` in
// content/geo; it fetches the package with `npm pack` unless -topojson names a file already on disk.
//
// Output format (all integers varints, then the whole file gzip'd):
//
//	magic "SPGEO1\n"
//	4 × float64 (little endian): scale x, scale y, translate x, translate y (TopoJSON quantisation transform)
//	uvarint arc count; per arc: uvarint point count, then zigzag varint x, y deltas (as in TopoJSON)
//	uvarint country count; per country: 2 bytes ISO 3166-1 alpha-2, uvarint polygon count; per polygon:
//	uvarint ring count (first = exterior); per ring: uvarint arc ref count, zigzag varint arc refs (~i = reversed)
//
// ISO numeric ids become alpha-2 codes with golang.org/x/text/language (ParseRegion accepts UN M.49 numeric codes);
// features without a numeric id (Kosovo, Somaliland, N. Cyprus and a few disputed or uninhabited areas) are dropped,
// and so are rings that quantisation flattened to fewer than 4 points (islets; at 1:10m the whole of Vatican City).
//
// It must not be imported; it is a build tool.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

const (
	npmPackage = "world-atlas@2.0.2"
	// npmIntegrity is the registry's dist.integrity of world-atlas 2.0.2 (`npm view world-atlas@2.0.2 dist.integrity`).
	npmIntegrity = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
	magic        = "SPGEO1\n"
)

type topology struct {
	Type      string `json:"type"`
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string          `json:"type"`
			ID         *string         `json:"id"`
			Arcs       json.RawMessage `json:"arcs"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

func main() {
	in := flag.String("topojson", "", "countries-*.json of world-atlas on disk (default: fetch "+npmPackage+" with npm pack)")
	res := flag.String("res", "10m", "resolution to take from the npm package: 10m, 50m or 110m")
	out := flag.String("o", "countries.bin.gz", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("geo gen: ")

	var data []byte
	var err error
	if *in != "" {
		data, err = os.ReadFile(*in)
	} else {
		data, err = fetch("package/countries-" + *res + ".json")
	}
	if err != nil {
		log.Fatal(err)
	}
	bin, stats, err := convert(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, bin, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d bytes; %s", *out, len(bin), stats)
}

// fetch runs npm pack in a temporary directory, checks the tarball against npmIntegrity and returns one file of it.
func fetch(member string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "geo-gen-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", npmPackage, "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	name, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack %s: %w", npmPackage, err)
	}
	tgz, err := os.ReadFile(filepath.Join(dir, strings.TrimSpace(string(name))))
	if err != nil {
		return nil, fmt.Errorf("read npm pack output: %w", err)
	}
	sum := sha512.Sum512(tgz)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != npmIntegrity {
		return nil, fmt.Errorf("%s: integrity %s, want %s", npmPackage, got, npmIntegrity)
	}
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s has no %s", npmPackage, member)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == member {
			return io.ReadAll(tr)
		}
	}
}

type country struct {
	code     string
	polygons [][][]int64 // polygon → ring → arc refs
}

// degenerate reports whether a ring has fewer than 4 points once its arcs are joined (each arc after the first
// shares its first point with the previous arc's last).
func degenerate(arcs [][][2]int64, ring []int64) bool {
	n := 1
	for _, ref := range ring {
		if ref < 0 {
			ref = ^ref
		}
		if ref >= int64(len(arcs)) {
			return false // reported as out of range later
		}
		n += len(arcs[ref]) - 1
	}
	return n < 4
}

func convert(data []byte) ([]byte, string, error) {
	var topo topology
	if err := json.Unmarshal(data, &topo); err != nil {
		return nil, "", fmt.Errorf("parse TopoJSON: %w", err)
	}
	obj, ok := topo.Objects["countries"]
	if !ok {
		return nil, "", errors.New("TopoJSON has no countries object")
	}
	byCode := map[string]*country{}
	var dropped []string
	for _, g := range obj.Geometries {
		if g.ID == nil {
			dropped = append(dropped, g.Properties.Name)
			continue
		}
		r, err := language.ParseRegion(*g.ID)
		if err != nil || len(r.String()) != 2 {
			dropped = append(dropped, fmt.Sprintf("%s (%s)", g.Properties.Name, *g.ID))
			continue
		}
		var polys [][][]int64
		switch g.Type {
		case "Polygon":
			var p [][]int64
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, "", fmt.Errorf("%s: %w", g.Properties.Name, err)
			}
			polys = [][][]int64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, "", fmt.Errorf("%s: %w", g.Properties.Name, err)
			}
		default:
			dropped = append(dropped, fmt.Sprintf("%s (%s)", g.Properties.Name, g.Type))
			continue
		}
		// Quantisation flattens some islets into rings of 2 or 3 points (a, a or a, b, a) without area: drop them,
		// and the polygons whose exterior ring is one.
		polys = slices.DeleteFunc(polys, func(p [][]int64) bool { return len(p) == 0 || degenerate(topo.Arcs, p[0]) })
		for k, p := range polys {
			polys[k] = append(p[:1], slices.DeleteFunc(p[1:], func(r []int64) bool { return degenerate(topo.Arcs, r) })...)
		}
		if len(polys) == 0 {
			dropped = append(dropped, fmt.Sprintf("%s (too small at this resolution)", g.Properties.Name))
			continue
		}
		code := r.String()
		c := byCode[code]
		if c == nil {
			c = &country{code: code}
			byCode[code] = c
		}
		c.polygons = append(c.polygons, polys...)
	}

	// Keep only the arcs that the kept countries use, renumbered in order of first use.
	arcIndex := map[int64]int64{}
	var arcs [][][2]int64
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		for _, p := range byCode[code].polygons {
			for _, ring := range p {
				for k, ref := range ring {
					i := ref
					if i < 0 {
						i = ^i
					}
					if i >= int64(len(topo.Arcs)) {
						return nil, "", fmt.Errorf("%s: arc %d out of range", code, i)
					}
					j, ok := arcIndex[i]
					if !ok {
						j = int64(len(arcs))
						arcIndex[i] = j
						arcs = append(arcs, topo.Arcs[i])
					}
					if ref < 0 {
						j = ^j
					}
					ring[k] = j
				}
			}
		}
	}

	var b []byte
	b = append(b, magic...)
	for _, f := range []float64{topo.Transform.Scale[0], topo.Transform.Scale[1], topo.Transform.Translate[0],
		topo.Transform.Translate[1]} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.AppendUvarint(b, uint64(len(arcs)))
	points := 0
	for _, a := range arcs {
		b = binary.AppendUvarint(b, uint64(len(a)))
		for _, p := range a {
			b = binary.AppendVarint(b, p[0])
			b = binary.AppendVarint(b, p[1])
		}
		points += len(a)
	}
	b = binary.AppendUvarint(b, uint64(len(codes)))
	for _, code := range codes {
		c := byCode[code]
		b = append(b, code...)
		b = binary.AppendUvarint(b, uint64(len(c.polygons)))
		for _, p := range c.polygons {
			b = binary.AppendUvarint(b, uint64(len(p)))
			for _, ring := range p {
				b = binary.AppendUvarint(b, uint64(len(ring)))
				for _, ref := range ring {
					b = binary.AppendVarint(b, ref)
				}
			}
		}
	}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, "", err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, "", err
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	stats := fmt.Sprintf("%d countries, %d arcs, %d points, %d bytes before gzip; dropped: %s",
		len(codes), len(arcs), points, len(b), strings.Join(dropped, ", "))
	return z.Bytes(), stats, nil
}

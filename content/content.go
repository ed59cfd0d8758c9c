// Package content gathers what the bot knows: the knowledge-base topics, the red-flag rules of the offer screener,
// the hotline directory and the distress phrases. Each lives in a subpackage that embeds its own data files and
// validates them when it loads; this package loads them all together, each overridable from a directory on disk
// (SAFEPASSAGE_CONTENT_DIR), so that staff can change content without rebuilding the binary.
//
// It must not import the engine (package bot), the store or any channel.
package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"

	"github.com/safepassage/safepassage/content/distress"
	"github.com/safepassage/safepassage/content/geo"
	"github.com/safepassage/safepassage/content/hotlines"
	"github.com/safepassage/safepassage/content/screener"
	"github.com/safepassage/safepassage/content/topics"
)

// Overlay returns a file system that reads each file from dir/sub when it exists there, and from embedded otherwise.
// Directory listings merge both. With an empty dir it is embedded itself.
func Overlay(dir, sub string, embedded fs.FS) fs.FS {
	if dir == "" {
		return embedded
	}
	return overlay{top: os.DirFS(path.Join(dir, sub)), base: embedded}
}

type overlay struct {
	top, base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	base, errBase := fs.ReadDir(o.base, name)
	top, errTop := fs.ReadDir(o.top, name)
	if errBase != nil && errTop != nil {
		return nil, errors.Join(errBase, errTop)
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(top, base...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}

// Library is everything the bot knows, loaded and validated. It is read-only and safe for concurrent use.
type Library struct {
	Topics   *topics.Base        // the knowledge base and its search
	Screener *screener.Screener  // red-flag rules for job offers
	Distress *distress.Detector  // phrases of people in danger
	Hotlines *hotlines.Directory // who to call, by country and nationality
	Geo      *geo.Index          // which country a shared location is in
}

// Load loads and validates every kind of content, each from dir/<kind>/ when that holds a file of that kind and from
// the files embedded in the binary otherwise (dir may be empty). It returns every problem found, not only the first.
func Load(dir string) (*Library, error) {
	var errs []error
	lib := &Library{}
	var err error
	if lib.Topics, err = topics.Load(Overlay(dir, "topics", topics.Files)); err != nil {
		errs = append(errs, fmt.Errorf("topics: %w", err))
	}
	if lib.Screener, err = screener.Load(Overlay(dir, "screener", screener.Files)); err != nil {
		errs = append(errs, fmt.Errorf("screener: %w", err))
	}
	if lib.Distress, err = distress.Load(Overlay(dir, "distress", distress.Files)); err != nil {
		errs = append(errs, fmt.Errorf("distress phrases: %w", err))
	}
	if lib.Hotlines, err = hotlines.Load(Overlay(dir, "hotlines", hotlines.Files)); err != nil {
		errs = append(errs, fmt.Errorf("hotlines: %w", err))
	}
	if lib.Geo, err = geo.Load(); err != nil {
		errs = append(errs, fmt.Errorf("country boundaries: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return lib, nil
}

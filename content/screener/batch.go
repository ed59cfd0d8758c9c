package screener

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxBatchLine is the longest input line RunBatch reads; a longer line gets an error object.
const MaxBatchLine = 1 << 20

// BatchResult is one output line of RunBatch: the report of one input line, or the error for it.
type BatchResult struct {
	ID   string `json:"id"`
	Lang string `json:"lang,omitempty"`
	*Report
	Line  int    `json:"line,omitempty"` // set with Error
	Error string `json:"error,omitempty"`
}

// RunBatch screens JSON Lines from r, one {"id": "...", "text": "..."} object a line, and writes one result a line
// to w, in input order: the report with "id" and "lang" (from detect, which may be nil), or {"id", "line",
// "error"} for a line that cannot be read. A bad line does not stop the batch; a failing reader or writer, or ctx
// being done, does. Blank lines are skipped.
func RunBatch(ctx context.Context, s *Screener, detect func(string) string, r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return errors.Join(err, bw.Flush())
		}
		line, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return errors.Join(fmt.Errorf("batch: read line %d: %w", n, err), bw.Flush())
		}
		atEOF := errors.Is(err, io.EOF)
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			res := batchLine(s, detect, line, tooLong)
			if res.Error != "" {
				res.Line = n
			}
			if err := enc.Encode(res); err != nil {
				return fmt.Errorf("batch: write result for line %d: %w", n, err)
			}
		}
		if atEOF {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("batch: write: %w", err)
	}
	return nil
}

func batchLine(s *Screener, detect func(string) string, line []byte, tooLong bool) BatchResult {
	if tooLong {
		return BatchResult{Error: fmt.Sprintf("line longer than %d bytes", MaxBatchLine)}
	}
	var in struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
	}
	if err := json.Unmarshal(line, &in); err != nil {
		return BatchResult{Error: "not a JSON object: " + err.Error()}
	}
	id := ""
	if len(in.ID) > 0 {
		// Accept a number or a string id; echo it as a string.
		var sid string
		if json.Unmarshal(in.ID, &sid) == nil {
			id = sid
		} else {
			id = string(in.ID)
		}
	}
	if in.Text == nil {
		return BatchResult{ID: id, Error: `missing "text"`}
	}
	rep := s.Check(*in.Text)
	res := BatchResult{ID: id, Report: &rep}
	if detect != nil {
		res.Lang = detect(*in.Text)
	}
	return res
}

// readLine reads one line without its end, up to MaxBatchLine bytes; a longer line is consumed and reported.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxBatchLine {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		if tooLong {
			line = nil
		}
		return line, tooLong, err
	}
}

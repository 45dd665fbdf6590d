package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// uploaded is one file of a multipart form, saved to a temporary folder so
// that it goes through the same readers as a file named on the command line.
type uploaded struct {
	Name string // as the browser named it, without folders
	Path string // where it was saved
}

// saveUploads writes the form's files to a new temporary folder (named
// from pattern, as os.MkdirTemp does), each in a folder of its own so that
// two files of the same name do not collide. The caller removes dir; on
// failure it is removed already.
func saveUploads(r *http.Request, field, pattern string) (files []uploaded, dir string, err error) {
	if r.MultipartForm == nil {
		return nil, "", errBadRequest("send the files as a multipart form")
	}
	if dir, err = os.MkdirTemp("", pattern); err != nil {
		return nil, "", err
	}
	for i, fh := range r.MultipartForm.File[field] {
		n := strconv.Itoa(i + 1)
		f, err := saveUpload(fh, filepath.Join(dir, n), "upload-"+n)
		if err != nil {
			os.RemoveAll(dir)
			return nil, "", err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		os.RemoveAll(dir)
		return nil, "", errBadRequest("no file was sent: choose one or more files")
	}
	return files, dir, nil
}

// saveUpload saves fh in the new folder sub under the name the browser
// gave it, without folders (fallback when that leaves none).
func saveUpload(fh *multipart.FileHeader, sub, fallback string) (uploaded, error) {
	name := filepath.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
	if name == "." || name == "/" {
		name = fallback
	}
	if err := os.Mkdir(sub, 0o700); err != nil {
		return uploaded{}, err
	}
	path := filepath.Join(sub, name)
	if err := copyUpload(fh, path); err != nil {
		return uploaded{}, fmt.Errorf("%s: %w", name, err)
	}
	return uploaded{Name: name, Path: path}, nil
}

func copyUpload(fh *multipart.FileHeader, path string) error {
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// uploadError says what went wrong reading the form: too large is 413.
func (s *Server) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		limit := fmt.Sprintf("%d bytes", s.opt.MaxUpload)
		if s.opt.MaxUpload >= 1<<20 {
			limit = fmt.Sprintf("%d MiB", s.opt.MaxUpload>>20)
		}
		s.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("the upload is larger than %s: send fewer files at a time", limit))
		return
	}
	s.fail(w, r, status(err), err)
}

type importData struct {
	Summary *importer.Summary
	Names   map[string]string // saved path → name as uploaded
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "import", page{Title: "Import", Nav: "import"})
}

// importFiles is `cmrt import` over the uploaded files: one transaction per
// file, the summary and rejections shown.
func (s *Server) importFiles(w http.ResponseWriter, r *http.Request) {
	files, dir, err := saveUploads(r, "files", "cmrt-upload-")
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	d := importData{Names: map[string]string{}}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
		d.Names[f.Path] = f.Name
	}
	opt := importer.Options{}
	if p := r.PostFormValue("period"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 2000 || n > 2100 {
			s.fail(w, r, http.StatusBadRequest, errBadRequest("period %q: want a year such as 2025", p))
			return
		}
		opt.Period = n
	}
	s.writing.Lock()
	d.Summary, err = importer.Run(r.Context(), s.st, paths, opt)
	s.writing.Unlock()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("import: %w", err))
		return
	}
	for i := range d.Summary.Files {
		f := &d.Summary.Files[i]
		f.Reason = strings.ReplaceAll(f.Reason, f.Path, d.Names[f.Path])
		if n, ok := d.Names[f.Path]; ok {
			f.Path = n
		}
	}
	code := http.StatusOK
	if d.Summary.Rejected > 0 {
		code = http.StatusUnprocessableEntity
	}
	s.render(w, r, code, "import", page{Title: "Import", Nav: "import", Data: d})
}

type listsData struct {
	Snapshots []store.Snapshot
	InForce   map[int64]bool
	Results   []listResult
}

type listResult struct {
	File    string // the uploaded name, with the sheet when the file holds several lists
	Error   string
	Result  *store.RefreshResult
	Changes int
	// HeldBack: an undated list that would change many statuses was not
	// put in force; the form's "confirm" box puts it in force.
	HeldBack bool
	Skipped  []smelters.SkippedSheet
}

func (s *Server) listsData(r *http.Request) (listsData, error) {
	d := listsData{InForce: map[int64]bool{}}
	var err error
	if d.Snapshots, err = s.st.Snapshots(r.Context()); err != nil {
		return d, err
	}
	cur, err := s.currentLists(r.Context())
	if err != nil {
		return d, err
	}
	for _, sn := range cur.InForce {
		d.InForce[sn.ID] = true
	}
	return d, nil
}

func (s *Server) lists(w http.ResponseWriter, r *http.Request) {
	d, err := s.listsData(r)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	s.render(w, r, http.StatusOK, "lists", page{Title: "Smelter lists", Nav: "lists", Data: d})
}

// refreshLists is `cmrt smelters refresh` over the uploaded RMI downloads.
func (s *Server) refreshLists(w http.ResponseWriter, r *http.Request) {
	files, dir, err := saveUploads(r, "files", "cmrt-lists-")
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	var results []listResult
	failed := false
	confirm := r.PostFormValue("confirm") != ""
	for _, f := range files {
		rs, err := s.refreshFile(r, f, confirm)
		if err != nil {
			var hb *store.HeldBackError
			rs = []listResult{{File: f.Name, Error: strings.ReplaceAll(err.Error(), f.Path, f.Name), HeldBack: errors.As(err, &hb)}}
			failed = true
		}
		results = append(results, rs...)
	}
	d, err := s.listsData(r)
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	d.Results = results
	code := http.StatusOK
	if failed {
		code = http.StatusUnprocessableEntity
	}
	s.render(w, r, code, "lists", page{Title: "Smelter lists", Nav: "lists", Data: d})
}

// refreshFile is `cmrt smelters refresh` of one uploaded file: every list
// it holds (one per recognised sheet) stored in one transaction, an undated
// list that would change many statuses held back unless confirmed.
func (s *Server) refreshFile(r *http.Request, f uploaded, confirm bool) ([]listResult, error) {
	loaded, err := smelters.LoadFileAll(f.Path, smelters.Options{})
	if err != nil {
		return nil, err
	}
	for _, l := range loaded.Lists {
		l.Source = f.Name
	}
	s.writing.Lock()
	all, err := s.st.RefreshLists(r.Context(), loaded.Lists, store.RefreshOptions{Confirm: confirm})
	s.writing.Unlock()
	if err != nil {
		return nil, err
	}
	out := make([]listResult, len(all.Lists))
	for i := range all.Lists {
		res := &all.Lists[i]
		out[i] = listResult{File: f.Name, Result: res, Changes: len(res.Changes)}
		if len(loaded.Lists) > 1 {
			out[i].File += " [" + loaded.Lists[i].Sheet + "]"
		}
	}
	out[0].Skipped = loaded.Skipped
	return out, nil
}

// dropSnapshot is `cmrt smelters snapshots drop N`: the refresh undone, the
// stored rows it affected re-matched.
func (s *Server) dropSnapshot(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, errBadRequest("snapshot %q: not a number", r.PathValue("id")))
		return
	}
	s.writing.Lock()
	_, err = s.st.DropSnapshot(r.Context(), id)
	s.writing.Unlock()
	if err != nil {
		s.fail(w, r, status(err), err)
		return
	}
	http.Redirect(w, r, "/lists", http.StatusSeeOther)
}

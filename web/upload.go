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

// saveUploads writes the form's files under dir, each in its own folder so
// that two files of the same name do not collide.
func saveUploads(r *http.Request, field, dir string) ([]uploaded, error) {
	if r.MultipartForm == nil {
		return nil, errBadRequest("send the files as a multipart form")
	}
	var out []uploaded
	for i, fh := range r.MultipartForm.File[field] {
		name := filepath.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
		if name == "." || name == "/" || name == "" {
			name = "upload-" + strconv.Itoa(i+1)
		}
		sub := filepath.Join(dir, strconv.Itoa(i+1))
		if err := os.Mkdir(sub, 0o700); err != nil {
			return nil, err
		}
		path := filepath.Join(sub, name)
		if err := copyUpload(fh, path); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, uploaded{Name: name, Path: path})
	}
	if len(out) == 0 {
		return nil, errBadRequest("no file was sent: choose one or more files")
	}
	return out, nil
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
	dir, err := os.MkdirTemp("", "cmrt-upload-")
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := saveUploads(r, "files", dir)
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
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
	File    string
	Error   string
	Result  *store.RefreshResult
	Changes int
}

func (s *Server) listsData(r *http.Request) (listsData, error) {
	d := listsData{InForce: map[int64]bool{}}
	var err error
	if d.Snapshots, err = s.st.Snapshots(r.Context()); err != nil {
		return d, err
	}
	cur, err := s.st.Current(r.Context(), store.View{})
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
	dir, err := os.MkdirTemp("", "cmrt-lists-")
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := saveUploads(r, "files", dir)
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	var results []listResult
	failed := false
	for _, f := range files {
		res := listResult{File: f.Name}
		l, err := loadList(f)
		if err == nil {
			s.writing.Lock()
			res.Result, err = s.st.Refresh(r.Context(), l)
			s.writing.Unlock()
		}
		if err != nil {
			res.Error, failed = strings.ReplaceAll(err.Error(), f.Path, f.Name), true
		} else {
			res.Changes = len(res.Result.Changes)
		}
		results = append(results, res)
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

// loadList reads a saved upload as `smelters refresh` reads a file, the list
// named as uploaded.
func loadList(f uploaded) (*smelters.List, error) {
	l, err := smelters.LoadFileWith(f.Path, smelters.Options{})
	if err != nil {
		return nil, err
	}
	l.Source = f.Name
	return l, nil
}

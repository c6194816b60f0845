// Command gotypesdump is the go/types oracle for gotraps' semantic model.
//
// For every package directory under the given roots it type-checks the package's
// non-test files (host GOOS/GOARCH, cgo off, imports from source) and prints, for
// every identifier that go/types resolves to an object, its byte offset, the object's
// kind and the object's type in a canonical form the Rust side reproduces:
//
//	P <dir> <import path>
//	F <absolute file path>
//	<offset> <kind> <type>
//
// Kinds: var field const type func pkgname label builtin nil. The type is "-" for
// objects without one (packages, labels, builtins). See docs/semantic.md.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

func main() {
	build.Default.CgoEnabled = false
	roots := os.Args[1:]
	if len(roots) == 0 {
		fmt.Fprintln(os.Stderr, "usage: gotypesdump DIR...")
		os.Exit(2)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	for _, root := range roots {
		abs, err := filepath.Abs(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		var dirs []string
		filepath.WalkDir(abs, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if p != abs && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return filepath.SkipDir
				}
				dirs = append(dirs, p)
			}
			return nil
		})
		sort.Strings(dirs)
		for _, dir := range dirs {
			dumpDir(out, fset, imp, dir)
		}
	}
}

func dumpDir(out *bufio.Writer, fset *token.FileSet, imp types.Importer, dir string) {
	bp, err := build.Default.ImportDir(dir, 0)
	path := importPath(dir)
	if err != nil || len(bp.GoFiles) == 0 || bp.Goroot && path == "builtin" {
		// Package builtin is documentation: go/types gives its declarations no types.
		return
	}
	var files []*ast.File
	var names []string
	for _, name := range bp.GoFiles {
		full := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, full, nil, parser.SkipObjectResolution)
		if err != nil && f == nil {
			continue
		}
		files = append(files, f)
		names = append(names, full)
	}
	// Module-mode imports resolve relative to the importing package's module.
	build.Default.Dir = dir
	info := &types.Info{
		Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{},
	}
	conf := types.Config{
		Importer:    imp,
		Error:       func(error) {},
		FakeImportC: true,
		Sizes:       types.SizesFor("gc", runtime.GOARCH),
	}
	conf.Check(path, fset, files, info)
	fmt.Fprintf(out, "P %s %s\n", dir, path)
	for i, f := range files {
		fmt.Fprintf(out, "F %s\n", names[i])
		tf := fset.File(f.Pos())
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := info.Defs[id]
			if obj == nil {
				obj = info.Uses[id]
			}
			if obj == nil {
				return true
			}
			kind, typ := describe(obj)
			fmt.Fprintf(out, "%d %s %s\n", tf.Offset(id.Pos()), kind, typ)
			return true
		})
	}
}

// importPath derives a package's import path from go.mod the way the go command does;
// for the standard library (module "std") it is the path below GOROOT/src.
func importPath(dir string) string {
	if rel, err := filepath.Rel(filepath.Join(build.Default.GOROOT, "src"), dir); err == nil && !strings.HasPrefix(rel, "..") {
		// The go command names GOROOT's vendored packages by directory too.
		return filepath.ToSlash(rel)
	}
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := ""
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) >= 2 && f[0] == "module" {
					mod = strings.Trim(f[1], `"`)
					break
				}
			}
			rel, _ := filepath.Rel(d, dir)
			rel = filepath.ToSlash(rel)
			switch {
			case mod == "std":
				return rel
			case strings.HasPrefix(rel, "vendor/"):
				// Module vendoring keeps the original import path.
				return strings.TrimPrefix(rel, "vendor/")
			case rel == ".":
				return mod
			default:
				return mod + "/" + rel
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return filepath.Base(dir)
		}
		d = parent
	}
}

func describe(obj types.Object) (string, string) {
	switch o := obj.(type) {
	case *types.Var:
		if o.IsField() {
			return "field", typeString(o.Type())
		}
		return "var", typeString(o.Type())
	case *types.Const:
		return "const", typeString(o.Type())
	case *types.TypeName:
		return "type", typeString(o.Type())
	case *types.Func:
		return "func", typeString(o.Type())
	case *types.PkgName:
		return "pkgname", "-"
	case *types.Label:
		return "label", "-"
	case *types.Builtin:
		return "builtin", "-"
	case *types.Nil:
		return "nil", "untyped nil"
	}
	return "unknown", "-"
}

// typeString is the canonical form shared with the Rust side: aliases unfolded, byte and
// rune printed as uint8 and int32, packages by full path, no parameter names, struct
// tags dropped, interface methods sorted (type-set terms shown as "~terms").
func typeString(t types.Type) string {
	var b strings.Builder
	writeType(&b, t, 0)
	return b.String()
}

func writeType(b *strings.Builder, t types.Type, depth int) {
	if depth > 40 {
		b.WriteString("...")
		return
	}
	t = types.Unalias(t)
	switch t := t.(type) {
	case nil:
		b.WriteString("invalid type")
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			b.WriteString("unsafe.Pointer")
		} else if t.Kind() == types.Invalid {
			b.WriteString("invalid type")
		} else {
			b.WriteString(types.Typ[t.Kind()].Name())
		}
	case *types.Pointer:
		b.WriteByte('*')
		writeType(b, t.Elem(), depth+1)
	case *types.Slice:
		b.WriteString("[]")
		writeType(b, t.Elem(), depth+1)
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		writeType(b, t.Elem(), depth+1)
	case *types.Map:
		b.WriteString("map[")
		writeType(b, t.Key(), depth+1)
		b.WriteByte(']')
		writeType(b, t.Elem(), depth+1)
	case *types.Chan:
		switch t.Dir() {
		case types.SendRecv:
			b.WriteString("chan ")
			if c, ok := types.Unalias(t.Elem()).(*types.Chan); ok && c.Dir() == types.RecvOnly {
				b.WriteByte('(')
				writeType(b, t.Elem(), depth+1)
				b.WriteByte(')')
				return
			}
		case types.SendOnly:
			b.WriteString("chan<- ")
		case types.RecvOnly:
			b.WriteString("<-chan ")
		}
		writeType(b, t.Elem(), depth+1)
	case *types.Signature:
		b.WriteString("func")
		writeSignature(b, t, depth)
	case *types.Struct:
		b.WriteString("struct{")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name())
				b.WriteByte(' ')
			}
			writeType(b, f.Type(), depth+1)
		}
		b.WriteByte('}')
	case *types.Interface:
		b.WriteString("interface{")
		ms := make([]string, 0, t.NumMethods())
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			var mb strings.Builder
			mb.WriteString(m.Name())
			writeSignature(&mb, m.Type().(*types.Signature), depth+1)
			ms = append(ms, mb.String())
		}
		sort.Strings(ms)
		if !t.IsMethodSet() {
			ms = append(ms, "~terms")
		}
		b.WriteString(strings.Join(ms, "; "))
		b.WriteByte('}')
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil {
			b.WriteString(obj.Pkg().Path())
			b.WriteByte('.')
		}
		b.WriteString(obj.Name())
		if targs := t.TypeArgs(); targs.Len() > 0 {
			b.WriteByte('[')
			for i := 0; i < targs.Len(); i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				writeType(b, targs.At(i), depth+1)
			}
			b.WriteByte(']')
		}
	case *types.TypeParam:
		b.WriteString(t.Obj().Name())
	case *types.Tuple:
		writeTuple(b, t, false, depth)
	default:
		b.WriteString("invalid type")
	}
}

func writeSignature(b *strings.Builder, s *types.Signature, depth int) {
	if tps := s.TypeParams(); tps.Len() > 0 {
		b.WriteByte('[')
		for i := 0; i < tps.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tps.At(i).Obj().Name())
		}
		b.WriteByte(']')
	}
	writeTuple(b, s.Params(), s.Variadic(), depth)
	res := s.Results()
	switch res.Len() {
	case 0:
	case 1:
		b.WriteByte(' ')
		writeType(b, res.At(0).Type(), depth+1)
	default:
		b.WriteByte(' ')
		writeTuple(b, res, false, depth)
	}
}

func writeTuple(b *strings.Builder, t *types.Tuple, variadic bool, depth int) {
	b.WriteByte('(')
	for i := 0; i < t.Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		typ := t.At(i).Type()
		if variadic && i == t.Len()-1 {
			b.WriteString("...")
			if s, ok := types.Unalias(typ).(*types.Slice); ok {
				typ = s.Elem()
			}
		}
		writeType(b, typ, depth+1)
	}
	b.WriteByte(')')
}

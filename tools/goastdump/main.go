// Command goastdump prints a canonical text dump of go/parser's AST, the oracle the
// Rust parser (crates/gotraps_syntax, src/dump.rs) is compared against.
//
// Usage:
//
//	goastdump FILE...        dump the named files
//	goastdump < list         dump the files named one per line on stdin
//
// For each file it prints "== PATH", then either "ERROR <message>" (go/parser rejected
// the file) or one line per node in pre-order, indented two spaces per depth:
//
//	Kind start end [attributes]
//
// where start/end are the byte offsets of Pos() and End() (-1 for NoPos), followed by
// "Comment start end" for every comment of the file. The format is documented in
// docs/parser-oracle.md and must stay in step with dump.rs.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
)

func main() {
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	if len(os.Args) > 1 {
		for _, f := range os.Args[1:] {
			dumpFile(w, f)
		}
		return
	}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if f := strings.TrimSpace(sc.Text()); f != "" {
			dumpFile(w, f)
		}
	}
}

func dumpFile(w *bufio.Writer, path string) {
	fmt.Fprintf(w, "== %s\n", path)
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(w, "READERROR %v\n", err)
		return
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", " ")
		fmt.Fprintf(w, "ERROR %s\n", msg)
		return
	}
	tf := fset.File(f.Package)
	d := &dumper{w: w, tf: tf}
	d.walk(f)
	for _, g := range f.Comments {
		for _, c := range g.List {
			fmt.Fprintf(w, "Comment %d %d\n", d.off(c.Pos()), d.off(c.End()))
		}
	}
}

type dumper struct {
	w     *bufio.Writer
	tf    *token.File
	depth int
}

func (d *dumper) off(p token.Pos) int {
	if !p.IsValid() {
		return -1
	}
	return d.tf.Offset(p)
}

func b(x bool) string {
	if x {
		return "1"
	}
	return "0"
}

// attrs returns the node's kind and the attributes that distinguish it beyond its span.
func (d *dumper) attrs(n ast.Node) (string, string) {
	switch n := n.(type) {
	case *ast.File:
		return "File", ""
	case *ast.Ident:
		return "Ident", n.Name
	case *ast.BasicLit:
		return "BasicLit", n.Kind.String()
	case *ast.Ellipsis:
		return "Ellipsis", "elt=" + b(n.Elt != nil)
	case *ast.FuncLit:
		return "FuncLit", ""
	case *ast.CompositeLit:
		return "CompositeLit", fmt.Sprintf("type=%s lbrace=%d", b(n.Type != nil), d.off(n.Lbrace))
	case *ast.ParenExpr:
		return "ParenExpr", ""
	case *ast.SelectorExpr:
		return "SelectorExpr", ""
	case *ast.IndexExpr:
		return "IndexExpr", ""
	case *ast.IndexListExpr:
		return "IndexListExpr", ""
	case *ast.SliceExpr:
		return "SliceExpr", fmt.Sprintf("low=%s high=%s max=%s slice3=%s", b(n.Low != nil), b(n.High != nil), b(n.Max != nil), b(n.Slice3))
	case *ast.TypeAssertExpr:
		return "TypeAssertExpr", "type=" + b(n.Type != nil)
	case *ast.CallExpr:
		return "CallExpr", fmt.Sprintf("lparen=%d ellipsis=%d", d.off(n.Lparen), d.off(n.Ellipsis))
	case *ast.StarExpr:
		return "StarExpr", ""
	case *ast.UnaryExpr:
		return "UnaryExpr", n.Op.String()
	case *ast.BinaryExpr:
		return "BinaryExpr", fmt.Sprintf("%s %d", n.Op, d.off(n.OpPos))
	case *ast.KeyValueExpr:
		return "KeyValueExpr", ""
	case *ast.ArrayType:
		return "ArrayType", "len=" + b(n.Len != nil)
	case *ast.StructType:
		return "StructType", ""
	case *ast.FuncType:
		return "FuncType", fmt.Sprintf("func=%d tparams=%s results=%s", d.off(n.Func), b(n.TypeParams != nil), b(n.Results != nil))
	case *ast.InterfaceType:
		return "InterfaceType", ""
	case *ast.MapType:
		return "MapType", ""
	case *ast.ChanType:
		dir := "BOTH"
		switch n.Dir {
		case ast.SEND:
			dir = "SEND"
		case ast.RECV:
			dir = "RECV"
		}
		return "ChanType", fmt.Sprintf("%s arrow=%d", dir, d.off(n.Arrow))
	case *ast.FieldList:
		return "FieldList", fmt.Sprintf("open=%d close=%d", d.off(n.Opening), d.off(n.Closing))
	case *ast.Field:
		return "Field", fmt.Sprintf("names=%d tag=%s", len(n.Names), b(n.Tag != nil))
	case *ast.BadExpr:
		return "BadExpr", ""
	case *ast.BadStmt:
		return "BadStmt", ""
	case *ast.BadDecl:
		return "BadDecl", ""
	case *ast.DeclStmt:
		return "DeclStmt", ""
	case *ast.EmptyStmt:
		return "EmptyStmt", "implicit=" + b(n.Implicit)
	case *ast.LabeledStmt:
		return "LabeledStmt", ""
	case *ast.ExprStmt:
		return "ExprStmt", ""
	case *ast.SendStmt:
		return "SendStmt", ""
	case *ast.IncDecStmt:
		return "IncDecStmt", n.Tok.String()
	case *ast.AssignStmt:
		return "AssignStmt", fmt.Sprintf("%s %d lhs=%d", n.Tok, d.off(n.TokPos), len(n.Lhs))
	case *ast.GoStmt:
		return "GoStmt", ""
	case *ast.DeferStmt:
		return "DeferStmt", ""
	case *ast.ReturnStmt:
		return "ReturnStmt", ""
	case *ast.BranchStmt:
		return "BranchStmt", n.Tok.String() + " label=" + b(n.Label != nil)
	case *ast.BlockStmt:
		return "BlockStmt", ""
	case *ast.IfStmt:
		return "IfStmt", fmt.Sprintf("init=%s else=%s", b(n.Init != nil), b(n.Else != nil))
	case *ast.CaseClause:
		list := -1
		if n.List != nil {
			list = len(n.List)
		}
		return "CaseClause", fmt.Sprintf("list=%d colon=%d", list, d.off(n.Colon))
	case *ast.SwitchStmt:
		return "SwitchStmt", fmt.Sprintf("init=%s tag=%s", b(n.Init != nil), b(n.Tag != nil))
	case *ast.TypeSwitchStmt:
		return "TypeSwitchStmt", "init=" + b(n.Init != nil)
	case *ast.CommClause:
		return "CommClause", fmt.Sprintf("comm=%s colon=%d", b(n.Comm != nil), d.off(n.Colon))
	case *ast.SelectStmt:
		return "SelectStmt", ""
	case *ast.ForStmt:
		return "ForStmt", fmt.Sprintf("init=%s cond=%s post=%s", b(n.Init != nil), b(n.Cond != nil), b(n.Post != nil))
	case *ast.RangeStmt:
		return "RangeStmt", fmt.Sprintf("key=%s value=%s tok=%s range=%d", b(n.Key != nil), b(n.Value != nil), n.Tok, d.off(n.Range))
	case *ast.ImportSpec:
		return "ImportSpec", "name=" + b(n.Name != nil)
	case *ast.ValueSpec:
		return "ValueSpec", fmt.Sprintf("names=%d type=%s", len(n.Names), b(n.Type != nil))
	case *ast.TypeSpec:
		return "TypeSpec", fmt.Sprintf("tparams=%s assign=%d", b(n.TypeParams != nil), d.off(n.Assign))
	case *ast.GenDecl:
		return "GenDecl", fmt.Sprintf("%s lparen=%d", n.Tok, d.off(n.Lparen))
	case *ast.FuncDecl:
		return "FuncDecl", fmt.Sprintf("recv=%s body=%s", b(n.Recv != nil), b(n.Body != nil))
	}
	return fmt.Sprintf("%T", n), ""
}

func (d *dumper) walk(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			d.depth--
			return true
		}
		switch n.(type) {
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		kind, attrs := d.attrs(n)
		start, end := d.off(n.Pos()), d.off(n.End())
		if _, ok := n.(*ast.File); ok {
			// File.End() is the end of its last declaration (or of the package name).
			end = d.off(n.(*ast.File).End())
		}
		fmt.Fprintf(d.w, "%s%s %d %d", strings.Repeat("  ", d.depth), kind, start, end)
		if attrs != "" {
			fmt.Fprintf(d.w, " %s", attrs)
		}
		d.w.WriteByte('\n')
		d.depth++
		return true
	})
}

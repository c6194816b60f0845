// Command gogenerated is the oracle for gotraps' generated-file test: for each Go file
// named on stdin (one path per line) it prints "GEN path" when go/ast.IsGenerated says
// the file is generated, "NOT path" when it says it is not, and "ERR path" when
// go/parser cannot read the file's header (package clause and comments before it).
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
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		path := strings.TrimSpace(sc.Text())
		if path == "" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly|parser.ParseComments)
		switch {
		case err != nil:
			fmt.Fprintf(w, "ERR %s\n", path)
		case ast.IsGenerated(f):
			fmt.Fprintf(w, "GEN %s\n", path)
		default:
			fmt.Fprintf(w, "NOT %s\n", path)
		}
	}
}

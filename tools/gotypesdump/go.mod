module gotraps/tools/gotypesdump

go 1.22

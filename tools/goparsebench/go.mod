module gotraps.dev/tools/goparsebench

go 1.22

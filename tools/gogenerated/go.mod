module gotraps.dev/tools/gogenerated

go 1.22

module gotraps.test/corpus

go 1.22

module gotraps.test/gendump

go 1.22

module gotraps.test/leaky

go 1.22

module gotraps/tools/goastdump

go 1.21

module gotraps/tools/stdsummary

go 1.22

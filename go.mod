module maillage

go 1.26

package web

import (
	"bytes"
	"io"
	"strconv"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func itoaWeb(n int) string { return strconv.Itoa(n) }

package minutes

import "bytes"

// normalizeCR returns src with every lone carriage return (old Mac line
// endings, alone or mixed with "\n" and "\r\n") turned into "\n", which is
// the only line ending goldmark and the line numbering count. "\r\n" is left
// as it is. The result has the same length as src, so offsets and line
// numbers stay those of the file; src itself is never changed, and is
// returned as it is when it has no lone "\r".
func normalizeCR(src []byte) []byte {
	i := loneCR(src, 0)
	if i < 0 {
		return src
	}
	out := bytes.Clone(src)
	for ; i >= 0; i = loneCR(out, i+1) {
		out[i] = '\n'
	}
	return out
}

// loneCR returns the index of the first "\r" at or after from that is not
// followed by "\n", or -1.
func loneCR(src []byte, from int) int {
	for from < len(src) {
		j := bytes.IndexByte(src[from:], '\r')
		if j < 0 {
			return -1
		}
		from += j
		if from+1 >= len(src) || src[from+1] != '\n' {
			return from
		}
		from += 2
	}
	return -1
}

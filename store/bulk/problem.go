package bulk

// Problem is one problem of an input file, where it is: the line (1 is the header; 0 when the
// problem is the whole file's), the column's number (1-based; 0 when unknown or not one
// column's) and name, and what is wrong, without the location.
type Problem struct {
	Line, Column int
	Field        string
	Message      string
}

// MaxLocated bounds the located problems an error keeps: enough for any file a person fixes
// by hand, few enough for one response.
const MaxLocated = 500

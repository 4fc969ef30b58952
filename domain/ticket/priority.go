package ticket

import (
	"encoding/json"
	"fmt"
)

// Matrix maps impact (rows) × urgency (columns), both 1 = high … 3 = low, to a priority
// P1–P5.
type Matrix [3][3]int

// DefaultMatrix is ServiceNow's default priority lookup.
var DefaultMatrix = Matrix{
	{1, 2, 3},
	{2, 3, 4},
	{3, 4, 5},
}

// Priority looks up the priority for impact and urgency (each 1–3).
func (m Matrix) Priority(impact, urgency int) int {
	if impact < 1 || impact > 3 || urgency < 1 || urgency > 3 {
		return 0
	}
	return m[impact-1][urgency-1]
}

// ParseMatrix reads a matrix stored as JSON and checks every cell is a priority.
func ParseMatrix(s string) (Matrix, error) {
	var m Matrix
	// Decode as a slice: into an array, encoding/json silently drops extra rows and cells.
	var cells [][]int
	if err := json.Unmarshal([]byte(s), &cells); err != nil {
		return m, fmt.Errorf("priority matrix: %w", err)
	}
	if len(cells) != 3 {
		return m, fmt.Errorf("priority matrix: %d rows, want 3", len(cells))
	}
	for i, row := range cells {
		if len(row) != 3 {
			return m, fmt.Errorf("priority matrix: row %d has %d cells, want 3", i+1, len(row))
		}
		for j, p := range row {
			if p < 1 || p > 5 {
				return m, fmt.Errorf("priority matrix: %d is not a priority 1–5", p)
			}
			m[i][j] = p
		}
	}
	return m, nil
}

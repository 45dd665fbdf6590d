package main

import (
	"os"
	"testing"
)

func TestZZGenSeason(t *testing.T) {
	dir := os.Getenv("GEN_SEASON_DIR")
	if dir == "" {
		t.Skip()
	}
	seasonDB(t, dir, 1000, 150)
}

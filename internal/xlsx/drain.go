package xlsx

// drain reads the rest of the input, discarding it, so that the zip
// reader reaches the end of the part and verifies its CRC-32: a part whose
// bytes are damaged after the point where parsing stopped must not be
// accepted. It returns the first read error (the scanner's sticky error).
func (s *scanner) drain() error {
	for s.err == nil && !s.eof {
		s.pos = s.end
		s.fill()
	}
	return s.err
}

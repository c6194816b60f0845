package pipeline

// A nil channel variable is told apart from a made one of the same name.

// doubleAll means to make results in the branch, but `:=` declares a second variable:
// the outer results stays nil and the range blocks forever.
func doubleAll(jobs []int) int {
	var results chan int
	if len(jobs) > 0 {
		results := make(chan int, len(jobs))
		for _, j := range jobs {
			results <- j * 2
		}
		close(results)
	}
	total := 0
	for r := range results { // want `GT028 nil-channel-op: range on .results., which is never given a value`
		total += r
	}
	return total
}

package bug

import "sync/atomic"

// Variable is a Prolog variable, identified by a process-wide serial number.
type Variable int64

var varCounter uint64

func NewVariable() Variable {
	atomic.AddUint64(&varCounter, 1) // corpus:race
	return Variable(varCounter)      // corpus:race corpus:race-frame
}

type Compound struct {
	Functor string
	Args    []Variable
}

// Renamed copies a clause head with fresh variables, as each solve step does.
func Renamed(functor string, arity int) Compound {
	c := Compound{Functor: functor}
	for i := 0; i < arity; i++ {
		c.Args = append(c.Args, NewVariable()) // corpus:race-frame
	}
	return c
}

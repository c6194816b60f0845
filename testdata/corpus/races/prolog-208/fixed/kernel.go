package fixed

import "sync/atomic"

// Variable is a Prolog variable, identified by a process-wide serial number.
type Variable int64

var varCounter uint64

func NewVariable() Variable {
	return Variable(atomic.AddUint64(&varCounter, 1))
}

type Compound struct {
	Functor string
	Args    []Variable
}

// Renamed copies a clause head with fresh variables, as each solve step does.
func Renamed(functor string, arity int) Compound {
	c := Compound{Functor: functor}
	for i := 0; i < arity; i++ {
		c.Args = append(c.Args, NewVariable())
	}
	return c
}

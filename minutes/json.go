package minutes

import "encoding/json"

// MarshalJSON writes the meeting with [] for every empty list, never null,
// so that a program reading it needs no special case.
func (m Meeting) MarshalJSON() ([]byte, error) {
	type plain Meeting // without this method
	c := plain(m)
	for _, l := range []*[]string{&c.Attendees, &c.Regrets} {
		if *l == nil {
			*l = []string{}
		}
	}
	if c.Boards == nil {
		c.Boards = []Report{}
	}
	if c.Items == nil {
		c.Items = []Item{}
	}
	if c.Warnings == nil {
		c.Warnings = []Warning{}
	}
	return json.Marshal(c)
}

// MarshalJSON writes the item with [] for its empty lists, never null.
func (it Item) MarshalJSON() ([]byte, error) {
	type plain Item
	c := plain(it)
	if c.Owners == nil {
		c.Owners = []string{}
	}
	if c.Refs == nil {
		c.Refs = []Ref{}
	}
	return json.Marshal(c)
}

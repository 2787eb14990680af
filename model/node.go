package model

// IsNode marks the types that implement the GraphQL Node interface.
func (Layer) IsNode()              {}
func (Framework) IsNode()          {}
func (ComponentGroup) IsNode()     {}
func (ReferenceComponent) IsNode() {}
func (Agency) IsNode()             {}
func (Component) IsNode()          {}
func (Capability) IsNode()         {}
func (Rule) IsNode()               {}

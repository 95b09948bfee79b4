// Exercises Rust manglings (legacy and v0) for the demangler tests.
use std::collections::HashMap;
use std::fmt;

pub struct Counter<T> {
    items: Vec<T>,
}

impl<T: Clone + fmt::Debug> Counter<T> {
    #[inline(never)]
    pub fn new() -> Self { Counter { items: Vec::new() } }
    #[inline(never)]
    pub fn push(&mut self, t: T) { self.items.push(t.clone()); }
}

pub trait Area {
    fn area(&self) -> f64;
}

pub struct Circle(pub f64);

impl Area for Circle {
    #[inline(never)]
    fn area(&self) -> f64 { 3.14 * self.0 * self.0 }
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "circle {}", self.0) }
}

mod inner {
    #[inline(never)]
    pub fn closures(n: u32) -> u32 {
        let add = |x: u32| x + n;
        let v: Vec<u32> = (0..n).map(add).filter(|x| x % 3 == 0).collect();
        v.iter().sum()
    }
    #[inline(never)]
    pub fn generic<const N: usize>(a: [u8; N]) -> usize { a.iter().map(|&b| b as usize).sum::<usize>() + N }
}

#[inline(never)]
fn dynamic(shapes: &[Box<dyn Area>]) -> f64 { shapes.iter().map(|s| s.area()).sum() }

fn main() {
    let mut c: Counter<String> = Counter::new();
    c.push("a".to_string());
    let mut m: HashMap<&str, (i64, Option<char>)> = HashMap::new();
    m.insert("k", (1, Some('x')));
    let shapes: Vec<Box<dyn Area>> = vec![Box::new(Circle(1.0))];
    println!("{} {} {} {} {}", dynamic(&shapes), inner::closures(10), inner::generic([1u8, 2, 3]), Circle(2.0), m.len());
}

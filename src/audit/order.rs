//! Judging inputs on every thread and handing the results on in input order,
//! with no pause between one group of inputs and the next: a thread that has
//! judged an input starts the next one at once, and whichever thread finds
//! the oldest result ready hands it on.
//!
//! What is held stays bounded, however many inputs and threads there are
//! ([`Window`]): at most [`HELD_LEDGERS`] inputs and [`HELD_BYTES`] of ledger
//! text between being started and having been handed on, and a ledger larger
//! than [`LARGE_BYTES`] only alone, on one thread.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::{HELD_BYTES, HELD_LEDGERS, Input, LARGE_BYTES};

/// Runs `judge` over `inputs` on every thread of rayon's pool and gives each
/// result to `each`, in input order, one at a time. A ledger larger than
/// [`LARGE_BYTES`] is started only when everything before it has been handed
/// on, nothing is started while it is held, and every large ledger of one
/// call is judged by the same thread (the one that runs the call's scope):
/// its parsed form and its evaluation are many times its
/// text, and two of them at once (or one on each thread's heap) would double
/// the peak. `each` returning an error stops the run (a closed pipe): nothing
/// more is started, and the error is returned.
pub fn in_order<T: Send, E: Send>(
    inputs: &[Input],
    judge: impl Fn(usize, &Input) -> T + Sync,
    each: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<(), E> {
    let sizes: Vec<u64> = inputs.iter().map(size).collect();
    let line = Line {
        state: Mutex::new(State {
            window: Window::new(sizes),
            slots: VecDeque::new(),
            writing: false,
            stop: false,
            waiting: 0,
            error: None,
        }),
        changed: Condvar::new(),
        each: Mutex::new(each),
    };
    let threads = rayon::current_num_threads().max(1);
    rayon::scope(|s| {
        for _ in 1..threads {
            s.spawn(|_| line.work(inputs, &judge, false));
        }
        line.work(inputs, &judge, true);
    });
    let state = line
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    state.error.map_or(Ok(()), Err)
}

/// The size an input counts for: its file's, as the walk found it, and no
/// more than is ever read; nothing for an input that is not a file.
fn size(input: &Input) -> u64 {
    input
        .as_ref()
        .map_or(0, |c| c.size.min(crate::input::MAX_FILE_BYTES + 1))
}

/// Which inputs may start: those held (started, not yet handed on) are
/// `handed..next`.
#[derive(Debug)]
struct Window {
    sizes: Vec<u64>,
    /// The next input to start.
    next: usize,
    /// Every input before this has been handed on.
    handed: usize,
    /// The sizes of the inputs held.
    bytes: u64,
}

impl Window {
    fn new(sizes: Vec<u64>) -> Window {
        Window {
            sizes,
            next: 0,
            handed: 0,
            bytes: 0,
        }
    }

    fn large(&self, i: usize) -> bool {
        self.sizes[i] > LARGE_BYTES
    }

    /// Whether the next input may start now, on the thread that judges the
    /// large ledgers (`main`) or another. Nothing held: always (on the main
    /// thread, for a large one). A large ledger held: nothing. Else within
    /// [`HELD_LEDGERS`] and [`HELD_BYTES`].
    fn may_start(&self, main: bool) -> bool {
        let i = self.next;
        if i >= self.sizes.len() {
            return false;
        }
        let held = i - self.handed;
        if self.large(i) {
            return held == 0 && main;
        }
        held == 0
            || (!self.large(self.handed)
                && held < HELD_LEDGERS
                && self.bytes + self.sizes[i] <= HELD_BYTES)
    }

    /// The next input starts: its index.
    fn start(&mut self) -> usize {
        let i = self.next;
        self.bytes += self.sizes[i];
        self.next += 1;
        i
    }

    /// The oldest input held has been handed on.
    fn hand(&mut self) {
        self.bytes -= self.sizes[self.handed];
        self.handed += 1;
    }

    /// Every input has been started.
    fn all_started(&self) -> bool {
        self.next >= self.sizes.len()
    }
}

/// What becomes of an input held.
enum Slot<T> {
    Judging,
    Ready(T),
    Writing,
}

struct State<T, E> {
    window: Window,
    /// The inputs held, oldest first.
    slots: VecDeque<Slot<T>>,
    /// Whether a thread is handing a result on.
    writing: bool,
    /// Start nothing more: `each` failed, or a thread panicked.
    stop: bool,
    /// How many threads wait for a change: none, mostly, and then a change
    /// is not signalled (each signal is a system call).
    waiting: usize,
    error: Option<E>,
}

struct Line<T, E, F> {
    state: Mutex<State<T, E>>,
    /// Signalled whenever a result is ready or handed on, and at a stop,
    /// when a thread waits for it.
    changed: Condvar,
    each: Mutex<F>,
}

/// What a thread does next.
enum Step<T> {
    Write(T),
    Judge(usize),
    Wait,
    Done,
}

impl<T: Send, E: Send, F: FnMut(T) -> Result<(), E> + Send> Line<T, E, F> {
    fn lock(&self) -> MutexGuard<'_, State<T, E>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes the threads that wait for a change, if any.
    fn signal(&self, state: &State<T, E>) {
        if state.waiting > 0 {
            self.changed.notify_all();
        }
    }

    /// One thread's share: hand on the oldest result when it is ready and no
    /// one else is, else start the next input when the window lets it, else
    /// wait for a change; until there is nothing left to start.
    fn work(&self, inputs: &[Input], judge: &(impl Fn(usize, &Input) -> T + Sync), main: bool) {
        // A panic on this thread stops the others rather than leaving them
        // waiting for a result that never comes.
        let guard = StopOnPanic(self);
        let mut state = self.lock();
        loop {
            let step = if state.stop {
                Step::Done
            } else if !state.writing && matches!(state.slots.front(), Some(Slot::Ready(_))) {
                let Some(Slot::Ready(t)) = state
                    .slots
                    .front_mut()
                    .map(|s| std::mem::replace(s, Slot::Writing))
                else {
                    unreachable!("the front slot was ready")
                };
                state.writing = true;
                Step::Write(t)
            } else if state.window.may_start(main) {
                state.slots.push_back(Slot::Judging);
                Step::Judge(state.window.start())
            } else if state.window.all_started() {
                // What is still held is being judged or handed on by another
                // thread, which hands on whatever is ready after it.
                Step::Done
            } else {
                Step::Wait
            };
            state = match step {
                Step::Done => break,
                Step::Wait => {
                    state.waiting += 1;
                    let mut state =
                        (self.changed.wait(state)).unwrap_or_else(PoisonError::into_inner);
                    state.waiting -= 1;
                    state
                }
                Step::Write(t) => {
                    drop(state);
                    let written = {
                        let mut each = self.each.lock().unwrap_or_else(PoisonError::into_inner);
                        (*each)(t)
                    };
                    let mut state = self.lock();
                    state.writing = false;
                    state.slots.pop_front();
                    state.window.hand();
                    if let Err(e) = written {
                        state.stop = true;
                        state.error = Some(e);
                    }
                    self.signal(&state);
                    state
                }
                Step::Judge(i) => {
                    drop(state);
                    let t = judge(i, &inputs[i]);
                    let mut state = self.lock();
                    let at = i - state.window.handed;
                    state.slots[at] = Slot::Ready(t);
                    self.signal(&state);
                    state
                }
            };
        }
        drop(state);
        std::mem::forget(guard);
    }
}

/// Stops the line when dropped, which only a panic does.
struct StopOnPanic<'a, T, E, F>(&'a Line<T, E, F>);

impl<T, E, F> Drop for StopOnPanic<'_, T, E, F> {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.stop = true;
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::tests::sized;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    const MIB: u64 = 1024 * 1024;

    /// Results come out in input order, every one once, on any number of
    /// threads, however long each takes to judge.
    #[test]
    fn results_are_handed_on_in_input_order() {
        for threads in [1, 2, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let inputs = sized(&vec![1000; 700]);
            let mut seen = Vec::new();
            let done: Result<(), ()> = pool.install(|| {
                in_order(
                    &inputs,
                    |i, _| {
                        // Some take longer, out of turn.
                        let spin = (i * 7919) % 13;
                        std::thread::sleep(std::time::Duration::from_micros(spin as u64 * 20));
                        i
                    },
                    |i| {
                        seen.push(i);
                        Ok(())
                    },
                )
            });
            assert_eq!(done, Ok(()));
            assert_eq!(seen, (0..700).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    /// What is held between being started and being handed on never goes
    /// over the window, and a large ledger is held alone, always on the same
    /// thread.
    #[test]
    fn what_is_held_stays_within_the_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool");
        let mut sizes = vec![10_000; 300];
        sizes.extend([3 * MIB, 4 * MIB, 2 * MIB, 5 * MIB, 16 * MIB, 1, 2, 9 * MIB]);
        sizes.extend(vec![500_000; 60]);
        sizes.extend([LARGE_BYTES + 1, LARGE_BYTES + 1]);
        sizes.extend(vec![1; 100]);
        let inputs = sized(&sizes);
        let (held, bytes) = (AtomicUsize::new(0), AtomicU64::new(0));
        let (most_held, most_bytes) = (AtomicUsize::new(0), AtomicU64::new(0));
        let large_threads = Mutex::new(Vec::new());
        let mut seen = Vec::new();
        let done: Result<(), ()> = pool.install(|| {
            in_order(
                &inputs,
                |i, _| {
                    let size = sizes[i];
                    let now = held.fetch_add(1, Ordering::SeqCst) + 1;
                    let b = bytes.fetch_add(size, Ordering::SeqCst) + size;
                    most_held.fetch_max(now, Ordering::SeqCst);
                    if size > LARGE_BYTES {
                        assert_eq!(now, 1, "a large ledger is held alone");
                        large_threads
                            .lock()
                            .expect("not poisoned")
                            .push(std::thread::current().id());
                    } else {
                        most_bytes.fetch_max(b, Ordering::SeqCst);
                    }
                    std::thread::sleep(std::time::Duration::from_micros((i % 5) as u64 * 30));
                    i
                },
                |i| {
                    // Writing stalls now and then (a slow pipe): the other
                    // threads judge on until the window is full, no further.
                    if i == 10 || i == 310 {
                        std::thread::sleep(std::time::Duration::from_millis(40));
                    }
                    seen.push(i);
                    held.fetch_sub(1, Ordering::SeqCst);
                    bytes.fetch_sub(sizes[i], Ordering::SeqCst);
                    Ok(())
                },
            )
        });
        assert_eq!(done, Ok(()));
        assert_eq!(seen, (0..sizes.len()).collect::<Vec<_>>());
        // The stalls filled the window: the bounds were reached, not only kept.
        let (most_held, most_bytes) = (most_held.into_inner(), most_bytes.into_inner());
        assert!(
            most_held <= HELD_LEDGERS && most_held > HELD_LEDGERS / 2,
            "{most_held}"
        );
        assert!(
            most_bytes <= HELD_BYTES && most_bytes > HELD_BYTES / 2,
            "{most_bytes}"
        );
        let large = large_threads.into_inner().expect("not poisoned");
        assert_eq!(large.len(), 5);
        assert!(large.iter().all(|t| *t == large[0]), "{large:?}");
    }

    /// An error from `each` stops the run: it is returned, nothing after it
    /// is handed on, and not every input is judged.
    #[test]
    fn an_error_from_each_stops_the_run() {
        let inputs = sized(&vec![1; 5000]);
        let judged = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let done = in_order(
            &inputs,
            |i, _| {
                judged.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                seen.push(i);
                if i == 10 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(done, Err("closed"));
        assert_eq!(seen, (0..=10).collect::<Vec<_>>());
        assert!(judged.into_inner() <= 11 + HELD_LEDGERS);
    }

    #[test]
    fn no_inputs_hand_on_nothing() {
        let done: Result<(), ()> = in_order(&[], |i, _| i, |_| panic!("nothing to hand on"));
        assert_eq!(done, Ok(()));
    }
}

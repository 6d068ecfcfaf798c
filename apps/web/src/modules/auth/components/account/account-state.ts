/** What another page can hand the account page: a sentence for its success banner. */
export interface AccountLocationState {
  message?: string;
}
